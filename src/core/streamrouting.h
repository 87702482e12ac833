#pragma once

#include "config.h"
#include "configissue.h"
#include "splitclients.h"
#include "streammap.h"

#include <QHash>
#include <memory>
#include <vector>

// The variables a config defines: its maps and split_clients, and the regex captures $1..$9
// a map's regex leaves behind. Built once per apply (and by the validator, which reports
// what nginx -t would), then shared read-only by every listener and worker. Listener
// templates (proxy_pass, return) are compiled against it, so they read these variables by
// index; a value is computed when first read and cached in the session's StreamFacts.
class StreamRouting final : public StreamUserVariables
{
public:
    // Every problem with a path ("maps[1].entries[0].key") and nginx -t's words; null when
    // there are problems.
    static std::shared_ptr<const StreamRouting> build(const Config &config, ConfigIssues *issues);

    int find(QStringView name) const override;
    void evaluate(int index, const StreamFacts &facts, QByteArray *out) const override;
    bool needsServerAddress(int index) const override;

    bool isEmpty() const { return m_maps.empty() && m_splits.empty(); }
    // The values a variable can take that are fixed text (for checking proxy_pass $x);
    // `complete` is false when some value holds variables or a map has no default.
    QStringList literalValues(QStringView name, bool *complete) const;

    static constexpr int maxCapture = 9; // nginx's $1..$9

private:
    StreamRouting() = default;
    bool compileAll(const Config &config, ConfigIssues *issues);
    void findDependencies(ConfigIssues *issues);
    std::vector<int> dependenciesOf(int index) const;

    enum class Kind { Map, Split, Capture };
    struct Variable
    {
        Kind kind = Kind::Map;
        int index = 0; // into m_maps, m_splits, or the capture number
        QString path;  // for messages, e.g. "maps[0]"
    };
    std::vector<Variable> m_variables;
    QHash<QString, int> m_names;
    std::vector<StreamMap> m_maps;
    std::vector<SplitClients> m_splits;
    std::vector<const MapConfig *> m_mapConfigs; // valid only while building
    std::vector<bool> m_needsServerAddress;
    std::vector<QStringList> m_literals;
    std::vector<bool> m_literalsComplete;
};
