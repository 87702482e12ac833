#include "nginxprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>

NginxProcess::NginxProcess()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

NginxProcess::~NginxProcess()
{
    stop();
}

QString NginxProcess::binary()
{
    return qEnvironmentVariable("PORTIER_NGINX", QStringLiteral("/usr/sbin/nginx"));
}

QString NginxProcess::streamModule()
{
    const QString module = QStringLiteral("/usr/lib/nginx/modules/ngx_stream_module.so");
    return QFileInfo::exists(module) ? module : QString();
}

bool NginxProcess::isAvailable(QString *why)
{
    if (!QFileInfo(binary()).isExecutable()) {
        *why = QStringLiteral("%1 is missing; run scripts/test.sh, which installs nginx and libnginx-mod-stream").arg(binary());
        return false;
    }
    if (streamModule().isEmpty()) {
        *why = QStringLiteral("nginx's stream module is missing; run scripts/test.sh, which installs libnginx-mod-stream");
        return false;
    }
    return true;
}

QByteArray NginxProcess::standaloneConfig(const QByteArray &streamBody)
{
    QByteArray config;
    if (!streamModule().isEmpty())
        config += "load_module " + streamModule().toUtf8() + ";\n";
    config += "worker_processes 1;\n"
              "pid nginx.pid;\n"
              "error_log error.log info;\n"
              "events { worker_connections 1024; }\n"
              "stream {\n"
              + streamBody + "\n}\n";
    return config;
}

bool NginxProcess::start(const QByteArray &streamBody, const QList<quint16> &ports, QString *error)
{
    return startConfig(standaloneConfig(streamBody), ports, error);
}

bool NginxProcess::startConfig(const QByteArray &config, const QList<quint16> &ports, QString *error)
{
    if (!isAvailable(error))
        return false;
    const QString path = m_dir.filePath(QStringLiteral("nginx.conf"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(config) < 0) {
        *error = QStringLiteral("cannot write %1").arg(path);
        return false;
    }
    file.close();
    m_process.start(binary(), {QStringLiteral("-p"), m_dir.path() + u'/', QStringLiteral("-c"), path, QStringLiteral("-g"),
                               QStringLiteral("daemon off;")});
    if (!m_process.waitForStarted(5000)) {
        *error = QStringLiteral("nginx did not start: %1").arg(m_process.errorString());
        return false;
    }
    const QDeadlineTimer deadline(10000);
    for (quint16 port : ports) {
        while (!isListening(port)) {
            if (deadline.hasExpired() || m_process.state() == QProcess::NotRunning) {
                QFile log(m_dir.filePath(QStringLiteral("error.log")));
                log.open(QIODevice::ReadOnly);
                *error = QStringLiteral("nginx is not listening on %1: %2 %3")
                             .arg(port)
                             .arg(QString::fromUtf8(m_process.readAll()), QString::fromUtf8(log.readAll()));
                return false;
            }
            QThread::msleep(20); // polling /proc; nothing to wait on
        }
    }
    return true;
}

void NginxProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(2000);
    }
}

bool NginxProcess::test(const QString &configPath, const QString &prefix, QString *output)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(binary(), {QStringLiteral("-t"), QStringLiteral("-p"), prefix + u'/', QStringLiteral("-c"), configPath});
    const bool finished = process.waitForFinished(15000);
    *output = QString::fromUtf8(process.readAll());
    return finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

bool isListening(quint16 port)
{
    // /proc/net/tcp: "sl local_address rem_address st ..." with hex addresses; 0A = LISTEN.
    QFile file(QStringLiteral("/proc/net/tcp"));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray wanted = QByteArray::number(port, 16).toUpper().rightJustified(4, '0');
    for (const QByteArray &line : file.readAll().split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() < 4 || fields[3] != "0A")
            continue;
        const QByteArray local = fields[1];
        if (local.endsWith(QByteArray(':' + wanted)) && (local.startsWith("0100007F") || local.startsWith("00000000")))
            return true;
    }
    return false;
}
