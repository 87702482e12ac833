<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>ApplyBar</name>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform><numerusform>… and %n more</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n problem(s); Apply is disabled until they are fixed:&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;%n problem; Apply is disabled until they are fixed:&lt;/b&gt;</numerusform><numerusform>&lt;b&gt;%n problems; Apply is disabled until they are fixed:&lt;/b&gt;</numerusform></translation>
    </message>
</context>
<context>
    <name>CertificatesPage</name>
    <message numerus="yes">
        <source>%n more certificate(s) in the file</source>
        <translation>
            <numerusform>%n more certificate in the file</numerusform><numerusform>%n more certificates in the file</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Expires in %n day(s); renew it soon.</source>
        <translation>
            <numerusform>Expires in %n day; renew it soon.</numerusform><numerusform>Expires in %n days; renew it soon.</numerusform></translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message numerus="yes">
        <source>from clients %1/s · to clients %2/s · %n connection(s)</source>
        <translation>
            <numerusform>from clients %1/s · to clients %2/s · %n connection</numerusform><numerusform>from clients %1/s · to clients %2/s · %n connections</numerusform></translation>
    </message>
</context>
<context>
    <name>DesktopIntegration</name>
    <message numerus="yes">
        <source>listening, %n connection(s)</source>
        <translation>
            <numerusform>listening, %n connection</numerusform><numerusform>listening, %n connections</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n active connection(s)</source>
        <translation>
            <numerusform>%n active connection</numerusform><numerusform>%n active connections</numerusform></translation>
    </message>
</context>
<context>
    <name>ListenersPage</name>
    <message numerus="yes">
        <source>Listening; %n active connection(s)</source>
        <translation>
            <numerusform>Listening; %n active connection</numerusform><numerusform>Listening; %n active connections</numerusform></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n problem</numerusform><numerusform>%n problems</numerusform></translation>
    </message>
</context>
<context>
    <name>UpstreamsPage</name>
    <message numerus="yes">
        <source>%1 (%n server(s))</source>
        <translation>
            <numerusform>%1 (%n server)</numerusform><numerusform>%1 (%n servers)</numerusform></translation>
    </message>
</context>
</TS>