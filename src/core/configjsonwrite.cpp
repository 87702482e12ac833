#include "configjson.h"

#include "boundedfile.h"
#include "jsonkeys.h"
#include "orderedjsonwriter.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>
#include <functional>

// Writing a config file: in the order the user wrote it, keeping what they spelled out, with
// the version it replaces kept as name.bak.

namespace {

// How a new object's keys read best: what it is first, then what it does.
const QStringList &preferredKeyOrder()
{
    static const QStringList keys{QStringLiteral("version"), QStringLiteral("workers"), QStringLiteral("worker_connections"),
                                  QStringLiteral("error_log"), QStringLiteral("api"), QStringLiteral("certificates"),
                                  QStringLiteral("connection_zones"), QStringLiteral("log_formats"), QStringLiteral("upstreams"),
                                  QStringLiteral("listeners"), QStringLiteral("name"), QStringLiteral("listen"), QStringLiteral("address"),
                                  QStringLiteral("protocol"), QStringLiteral("proxy_pass"), QStringLiteral("method"),
                                  QStringLiteral("servers"), QStringLiteral("path"), QStringLiteral("level")};
    return keys;
}

// The keys a default entity writes, with their values: what a save need not spell out.
struct Defaults
{
    QJsonObject root, upstream, server, health, listener, ssl, proxySsl;
};

const Defaults &defaults()
{
    static const Defaults d = [] {
        Config probe;
        UpstreamConfig upstream;
        upstream.servers << ServerConfig{};
        upstream.healthCheck.enabled = true;
        probe.upstreams << upstream;
        ListenerConfig listener;
        listener.ssl.enabled = true;
        listener.proxySsl.enabled = true;
        probe.listeners << listener;
        const QJsonObject json = ConfigJson::toJson(probe);
        Defaults result;
        result.root = json;
        result.upstream = json[QStringLiteral("upstreams")][0].toObject();
        result.server = result.upstream[QStringLiteral("servers")][0].toObject();
        result.health = result.upstream[QStringLiteral("health_check")].toObject();
        result.listener = json[QStringLiteral("listeners")][0].toObject();
        result.ssl = result.listener[QStringLiteral("ssl")].toObject();
        result.proxySsl = result.listener[QStringLiteral("proxy_ssl")].toObject();
        return result;
    }();
    return d;
}

// Drops the keys whose value is the default, except those that say what the object is.
void stripEqual(QJsonObject *object, const QJsonObject &defaults, std::initializer_list<const char *> keep)
{
    for (auto it = defaults.begin(); it != defaults.end(); ++it) {
        const bool kept = std::any_of(keep.begin(), keep.end(), [&](const char *key) { return it.key() == QLatin1StringView(key); });
        if (!kept && !it.value().isObject() && !it.value().isArray() && object->value(it.key()) == it.value())
            object->remove(it.key());
    }
}

// Calls `each` on every element of object[key], an array of objects, and puts them back.
void forEach(QJsonObject *object, const QString &key, const std::function<void(QJsonObject *)> &each)
{
    QJsonArray array = object->value(key).toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        QJsonObject element = array.at(i).toObject();
        each(&element);
        array.replace(i, element);
    }
    object->insert(key, array);
}

void stripChild(QJsonObject *object, const QString &key, const QJsonObject &defaults, std::initializer_list<const char *> keep)
{
    if (!object->contains(key))
        return;
    QJsonObject child = object->value(key).toObject();
    stripEqual(&child, defaults, keep);
    object->insert(key, child);
}

// toJson writes every setting of the common entities; a file shows only what differs.
QJsonObject withoutDefaults(QJsonObject root)
{
    const Defaults &d = defaults();
    stripEqual(&root, d.root, {"version"});
    forEach(&root, QStringLiteral("upstreams"), [&](QJsonObject *upstream) {
        stripEqual(upstream, d.upstream, {"name", "servers"});
        forEach(upstream, QStringLiteral("servers"), [&](QJsonObject *server) { stripEqual(server, d.server, {"address"}); });
        stripChild(upstream, QStringLiteral("health_check"), d.health, {});
    });
    forEach(&root, QStringLiteral("listeners"), [&](QJsonObject *listener) {
        stripEqual(listener, d.listener, {"listen", "proxy_pass"});
        stripChild(listener, QStringLiteral("ssl"), d.ssl, {"certificate"});
        stripChild(listener, QStringLiteral("proxy_ssl"), d.proxySsl, {});
    });
    return root;
}

// Puts back what the user's file spelled out and `after` leaves out, where `full` (the config
// with every setting written) has that very value: a default the user chose to write.
void addSpelledOut(QJsonObject *after, const QJsonObject &before, const QJsonObject &full)
{
    for (auto it = before.begin(); it != before.end(); ++it) {
        const QJsonValue everything = full.value(it.key());
        if (!after->contains(it.key())) {
            if (!it.value().isObject() && !it.value().isArray() && everything == it.value())
                after->insert(it.key(), it.value());
            continue;
        }
        const QJsonValue now = after->value(it.key());
        if (now.isObject() && it.value().isObject()) {
            QJsonObject merged = now.toObject();
            addSpelledOut(&merged, it.value().toObject(), everything.toObject());
            after->insert(it.key(), merged);
        } else if (now.isArray() && it.value().isArray()) {
            QJsonArray merged = now.toArray();
            const QJsonArray old = it.value().toArray();
            const QJsonArray whole = everything.toArray();
            for (qsizetype i = 0; i < merged.size() && i < old.size() && i < whole.size(); ++i) {
                if (merged.at(i).isObject() && old.at(i).isObject()) {
                    QJsonObject element = merged.at(i).toObject();
                    addSpelledOut(&element, old.at(i).toObject(), whole.at(i).toObject());
                    merged.replace(i, element);
                }
            }
            after->insert(it.key(), merged);
        }
    }
}

} // namespace

QByteArray ConfigJson::toBytes(const Config &config)
{
    return toBytes(config, QByteArray());
}

QByteArray ConfigJson::toBytes(const Config &config, const QByteArray &previous)
{
    const QJsonObject full = toJson(config);
    QJsonObject json = withoutDefaults(full);
    QHash<QString, QStringList> order;
    const QJsonDocument before = QJsonDocument::fromJson(previous);
    if (before.isObject()) {
        order = JsonKeys::order(previous);
        // The defaults the file spelled out stay, when that reads back as the very same
        // config (it does, unless a setting's meaning changed under it).
        QJsonObject kept = json;
        addSpelledOut(&kept, before.object(), full);
        const LoadResult reread = fromBytes(QJsonDocument(kept).toJson(QJsonDocument::Compact));
        if (reread.issues.isEmpty() && reread.config == config)
            json = kept;
    }
    return OrderedJsonWriter::write(json, order, preferredKeyOrder());
}

bool ConfigJson::save(const Config &config, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write %1 (%2)").arg(path, file.errorString());
        return false;
    }
    QByteArray previous; // its order and spelled-out defaults are kept; none when it cannot be read
    QString unread;
    if (QFileInfo(path).isFile() && BoundedFile::read(path, &previous, &unread) != BoundedFile::Status::Read)
        previous.clear();
    file.write(toBytes(config, previous));
    // The version being replaced stays beside it as name.bak: a save the user regrets, or a
    // file another program mangled later, can be taken back.
    const QString backup = path + QStringLiteral(".bak");
    if (QFileInfo(path).isFile()) {
        QFile::remove(backup);
        if (!QFile::copy(path, backup)) {
            file.cancelWriting();
            if (error)
                *error = QStringLiteral("cannot keep the previous version as %1; nothing was saved").arg(backup);
            return false;
        }
    }
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1 (%2)").arg(path, file.errorString());
        return false;
    }
    return true;
}
