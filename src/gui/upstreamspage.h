#pragma once

#include <statssnapshot.h>

#include <QWidget>
#include <memory>

class ConfigDocument;
class UpstreamEditor;

namespace Ui {
class UpstreamsPage;
}

// The Upstream groups page: the document's groups as a list beside an UpstreamEditor for
// the selected one; add, duplicate, remove. Renaming a group renames it in the listeners
// that forward to it, in the same undo step. GUI thread.
class UpstreamsPage : public QWidget
{
    Q_OBJECT

public:
    explicit UpstreamsPage(QWidget *parent = nullptr);
    ~UpstreamsPage() override;

    void setDocument(ConfigDocument *document);
    void showStats(const StatsSnapshot &snapshot);

    UpstreamEditor *editor() const;
    int currentIndex() const;
    void setCurrentIndex(int index);

public slots:
    void addGroup();
    void duplicateGroup();
    void removeGroup();
    void refresh();

private:
    void commit(const QString &key);
    void showCurrent();
    void updateItems();

    std::unique_ptr<Ui::UpstreamsPage> m_ui;
    ConfigDocument *m_document = nullptr;
    StatsSnapshot m_stats;
    bool m_refreshing = false;
    int m_renamedGroup = -1;  // the group whose name is being typed
    QList<int> m_followers;   // its listeners, by index
};
