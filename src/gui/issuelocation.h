#pragma once

#include <config.h>
#include <configissue.h>

#include <QCoreApplication>
#include <QString>

// The validator's and the engine's issues carry JSON paths counted from 0
// ("upstreams[1].servers[1].weight"), which `portierd --check` prints as they are (operators
// grep them). The window names the same things as its pages do, counted from 1 and by what the
// user typed: "Upstream group backend, server 2 (10.0.0.1:80), weight". Every `list[N]` a path
// or a message holds gets words, known lists by their item's name and any other as "entry N",
// so no index from 0 reaches the window. Static functions, GUI thread (tr()).
class IssueLocation
{
    Q_DECLARE_TR_FUNCTIONS(IssueLocation)

public:
    // The item and field a path points at; the path unchanged when it holds no list index
    // ("workers", "error_log.level" are the settings' own names).
    static QString place(const Config &config, const QString &path);

    // text with every path inside it ("conflicts with listeners[0] (...)") put into words.
    static QString words(const Config &config, const QString &text);

    // "place: message", as ConfigIssue::toString() but in the window's words.
    static QString text(const Config &config, const ConfigIssue &issue);

    // The issues with their path replaced by the place in words and their message worded: for
    // views that show issue.toString() and match no field by path.
    static ConfigIssues located(const Config &config, const ConfigIssues &issues);
    // The issues with only their message worded; paths kept for matching fields.
    static ConfigIssues worded(const Config &config, const ConfigIssues &issues);
};
