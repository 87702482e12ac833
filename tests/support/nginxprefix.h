#pragma once

#include "nginxprocess.h"
#include "opensslprocess.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

// A private nginx prefix for `nginx -t` on exported configs (NginxProcess runs nginx): its
// own folder (so pid, error_log and certificates stay inside) and real certificate files made
// with openssl; free loopback ports come from findFreePort() (testclient.h). nginx -t loads
// certificates and files named in the config, so the tests give it real ones. Header-only:
// shared by the nginx test executables.
class NginxPrefix
{
public:
    NginxPrefix() { QDir(m_directory.path()).mkpath(QStringLiteral("logs")); }

    bool isValid() const { return m_directory.isValid(); }
    QString path() const { return m_directory.path(); }
    QString filePath(const QString &name) const { return m_directory.filePath(name); }

    bool write(const QString &name, const QByteArray &contents) const
    {
        const QString target = filePath(name);
        QDir().mkpath(QFileInfo(target).absolutePath());
        QFile file(target);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(contents) == contents.size();
    }

    // Empty when nginx and its stream module are installed; otherwise what to do about it.
    // A missing nginx fails the test: the README's test command installs it.
    static QString missingNginx()
    {
        QString why;
        return NginxProcess::isAvailable(&why) ? QString() : why;
    }

    // A self-signed certificate and its key, as the article made them.
    bool makeCertificate(const QString &certificateName, const QString &keyName, QString *error) const
    {
        QDir().mkpath(QFileInfo(filePath(certificateName)).absolutePath());
        QDir().mkpath(QFileInfo(filePath(keyName)).absolutePath());
        const OpensslRun run = runOpenssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                                           QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                                           QStringLiteral("/CN=portier.test"), QStringLiteral("-keyout"), filePath(keyName), QStringLiteral("-out"),
                                           filePath(certificateName)},
                                          QByteArray(), 60000);
        if (run.exitCode != 0) {
            *error = QStringLiteral("openssl req failed (is openssl installed? run scripts/test.sh): ") + run.output;
            return false;
        }
        return true;
    }

    // nginx -t -p PREFIX -c FILE; true when nginx accepts it, with nginx's words in *output.
    bool check(const QString &configFile, QString *output) const { return NginxProcess::test(configFile, path(), output); }

    // The main file a stream {} snippet is included from: stream module, pid and error log
    // inside the prefix.
    static QByteArray mainFileIncluding(const QString &snippetFile)
    {
        QByteArray main;
        if (!NginxProcess::streamModule().isEmpty())
            main += "load_module " + NginxProcess::streamModule().toUtf8() + ";\n";
        return main + "pid logs/nginx.pid;\nerror_log logs/error.log;\nevents {\n}\ninclude " + snippetFile.toUtf8() + ";\n";
    }

    // Writes a snippet and a main file including it, then runs nginx -t on them.
    bool checkSnippet(const QString &name, const QByteArray &snippet, QString *output) const
    {
        if (!write(name + QStringLiteral(".conf"), snippet) || !write(name + QStringLiteral("-main.conf"), mainFileIncluding(filePath(name + QStringLiteral(".conf"))))) {
            *output = QStringLiteral("cannot write into ") + path();
            return false;
        }
        return check(filePath(name + QStringLiteral("-main.conf")), output);
    }

    bool checkStandalone(const QString &name, const QByteArray &config, QString *output) const
    {
        if (!write(name + QStringLiteral(".conf"), config)) {
            *output = QStringLiteral("cannot write into ") + path();
            return false;
        }
        return check(filePath(name + QStringLiteral(".conf")), output);
    }

private:
    QTemporaryDir m_directory;
};
