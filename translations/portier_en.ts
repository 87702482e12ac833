<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ApplyBar</name>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n problem(s); Apply is disabled until they are fixed:&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;%n problem; Apply is disabled until they are fixed:&lt;/b&gt;</numerusform>
            <numerusform>&lt;b&gt;%n problems; Apply is disabled until they are fixed:&lt;/b&gt;</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CertificatesPage</name>
    <message numerus="yes">
        <source>%n more certificate(s) in the file</source>
        <translation>
            <numerusform>%n more certificate in the file</numerusform>
            <numerusform>%n more certificates in the file</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Expires in %n day(s); renew it soon.</source>
        <translation>
            <numerusform>Expires in %n day; renew it soon.</numerusform>
            <numerusform>Expires in %n days; renew it soon.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConfigSummary</name>
    <message numerus="yes">
        <source>%n SNI route(s)</source>
        <translation>
            <numerusform>%n SNI route</numerusform>
            <numerusform>%n SNI routes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n server(s)</source>
        <translation>
            <numerusform>%n server</numerusform>
            <numerusform>%n servers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>rotated at %1, %n old file(s) kept</source>
        <translation>
            <numerusform>rotated at %1, %n old file kept</numerusform>
            <numerusform>rotated at %1, %n old files kept</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConnectionsPage</name>
    <message numerus="yes">
        <source>Close %n connection(s) shown by the filter? Their clients and servers are disconnected at once.</source>
        <translation>
            <numerusform>Close %n connection shown by the filter? Their clients and servers are disconnected at once.</numerusform>
            <numerusform>Close %n connections shown by the filter? Their clients and servers are disconnected at once.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n connection(s) closed</source>
        <translation>
            <numerusform>%n connection closed</numerusform>
            <numerusform>%n connections closed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n connection(s)</source>
        <translation>
            <numerusform>%n connection</numerusform>
            <numerusform>%n connections</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n connection(s)</source>
        <translation>
            <numerusform>%1 of %n connection</numerusform>
            <numerusform>%1 of %n connections</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message numerus="yes">
        <source>from clients %1/s · to clients %2/s · %n connection(s)</source>
        <translation>
            <numerusform>from clients %1/s · to clients %2/s · %n connection</numerusform>
            <numerusform>from clients %1/s · to clients %2/s · %n connections</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DesktopIntegration</name>
    <message numerus="yes">
        <source>listening, %n connection(s)</source>
        <translation>
            <numerusform>listening, %n connection</numerusform>
            <numerusform>listening, %n connections</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n active connection(s)</source>
        <translation>
            <numerusform>%n active connection</numerusform>
            <numerusform>%n active connections</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Certificate %1 expires on %2 (in %n day(s)). Renew it before then.</source>
        <translation>
            <numerusform>Certificate %1 expires on %2 (in %n day). Renew it before then.</numerusform>
            <numerusform>Certificate %1 expires on %2 (in %n days). Renew it before then.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more problem(s)</source>
        <translation>
            <numerusform>and %n more problem</numerusform>
            <numerusform>and %n more problems</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ListenersPage</name>
    <message numerus="yes">
        <source>Listening; %n active connection(s)</source>
        <translation>
            <numerusform>Listening; %n active connection</numerusform>
            <numerusform>Listening; %n active connections</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LogsPage</name>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n line</numerusform>
            <numerusform>%n lines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n line(s) shown</source>
        <translation>
            <numerusform>%1 of %n line shown</numerusform>
            <numerusform>%1 of %n lines shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>paused: %n new line(s) held</source>
        <translation>
            <numerusform>paused: %n new line held</numerusform>
            <numerusform>paused: %n new lines held</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n problem</numerusform>
            <numerusform>%n problems</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n listener(s)</source>
        <translation>
            <numerusform>%n listener</numerusform>
            <numerusform>%n listeners</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n upstream group(s)</source>
        <translation>
            <numerusform>%n upstream group</numerusform>
            <numerusform>%n upstream groups</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NginxExportDialog</name>
    <message numerus="yes">
        <source>&lt;span style=&quot;color:#b00020&quot;&gt;&lt;b&gt;Nothing to save: nginx would refuse %n setting(s) listed above.&lt;/b&gt;&lt;/span&gt; Fix them on the page each one names, then export again.</source>
        <translation>
            <numerusform>&lt;span style=&quot;color:#b00020&quot;&gt;&lt;b&gt;Nothing to save: nginx would refuse %n setting listed above.&lt;/b&gt;&lt;/span&gt; Fix them on the page each one names, then export again.</numerusform>
            <numerusform>&lt;span style=&quot;color:#b00020&quot;&gt;&lt;b&gt;Nothing to save: nginx would refuse %n settings listed above.&lt;/b&gt;&lt;/span&gt; Fix them on the page each one names, then export again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) for nginx %1.</source>
        <translation>
            <numerusform>%n line for nginx %1.</numerusform>
            <numerusform>%n lines for nginx %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %n line(s) to the clipboard.</source>
        <translation>
            <numerusform>Copied %n line to the clipboard.</numerusform>
            <numerusform>Copied %n lines to the clipboard.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Portier itself refuses %n setting(s) of this configuration (marked on its pages); nginx may refuse them too.</source>
        <translation>
            <numerusform>Portier itself refuses %n setting of this configuration (marked on its pages); nginx may refuse them too.</numerusform>
            <numerusform>Portier itself refuses %n settings of this configuration (marked on its pages); nginx may refuse them too.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NginxImportDialog</name>
    <message numerus="yes">
        <source>Read &lt;b&gt;%1&lt;/b&gt; and %n file(s) it includes.</source>
        <translation>
            <numerusform>Read &lt;b&gt;%1&lt;/b&gt; and %n file it includes.</numerusform>
            <numerusform>Read &lt;b&gt;%1&lt;/b&gt; and %n files it includes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n setting(s) could not be carried over exactly&lt;/b&gt;; check the warnings below before you import.</source>
        <translation>
            <numerusform>&lt;b&gt;%n setting could not be carried over exactly&lt;/b&gt;; check the warnings below before you import.</numerusform>
            <numerusform>&lt;b&gt;%n settings could not be carried over exactly&lt;/b&gt;; check the warnings below before you import.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n note</numerusform>
            <numerusform>%n notes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n error(s) below, so there is nothing to import:&lt;/b&gt; nginx refuses these lines, or leaving them out would let in clients nginx keeps out or send connections elsewhere. Fix the file, then Read again.</source>
        <translation>
            <numerusform>&lt;b&gt;%n error below, so there is nothing to import:&lt;/b&gt; nginx refuses these lines, or leaving them out would let in clients nginx keeps out or send connections elsewhere. Fix the file, then Read again.</numerusform>
            <numerusform>&lt;b&gt;%n errors below, so there is nothing to import:&lt;/b&gt; nginx refuses these lines, or leaving them out would let in clients nginx keeps out or send connections elsewhere. Fix the file, then Read again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Import is off while there are errors (%n): fix them in the file, then Read again</source>
        <translation>
            <numerusform>Import is off while there are errors (%n): fix them in the file, then Read again</numerusform>
            <numerusform>Import is off while there are errors (%n): fix them in the file, then Read again</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerStatsModel</name>
    <message numerus="yes">
        <source>draining (%n left)</source>
        <translation>
            <numerusform>draining (%n left)</numerusform>
            <numerusform>draining (%n left)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServersView</name>
    <message numerus="yes">
        <source>%n server(s) need a look: %1</source>
        <translation>
            <numerusform>%n server needs a look: %1</numerusform>
            <numerusform>%n servers need a look: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n server(s) written into the configuration; apply or save the file to keep them</source>
        <translation>
            <numerusform>%n server written into the configuration; apply or save the file to keep them</numerusform>
            <numerusform>%n servers written into the configuration; apply or save the file to keep them</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UpstreamsPage</name>
    <message numerus="yes">
        <source>%1 (%n server(s))</source>
        <translation>
            <numerusform>%1 (%n server)</numerusform>
            <numerusform>%1 (%n servers)</numerusform>
        </translation>
    </message>
</context>
</TS>
