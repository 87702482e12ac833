#pragma once

#include <config.h>
#include <statssnapshot.h>

#include <QWidget>
#include <memory>

class ConfigDocument;
class EngineController;
class TestTrafficDialog;
class ListenerEditor;
class NewGroupDialog;

namespace Ui {
class ListenersPage;
}

// The Listeners page: the document's listeners as a list (with each one's live state)
// beside a ListenerEditor for the selected one; add, duplicate, remove. Every change goes
// to the ConfigDocument as one undoable edit. GUI thread.
class ListenersPage : public QWidget
{
    Q_OBJECT

public:
    explicit ListenersPage(QWidget *parent = nullptr);
    ~ListenersPage() override;

    void setDocument(ConfigDocument *document);
    void showStats(const StatsSnapshot &snapshot);
    void setEngine(const EngineController *engine) { m_engine = engine; } // for test traffic

    ListenerEditor *editor() const;
    int currentIndex() const;
    void setCurrentIndex(int index);

public slots:
    void addListener();
    void duplicateListener();
    void removeListener();
    void refresh();
    // Opens "Send test traffic" for the selected listener, as it runs now.
    TestTrafficDialog *sendTestTraffic();
    // "New group…" from the listener's Forward to: asks name and first server, then adds the
    // group and forwards the listener to it in one edit.
    NewGroupDialog *newGroup();

private:
    void commit(const QString &key);
    void showCurrent();
    void updateItems();
    const ListenerStats *statsFor(const ListenerConfig &listener, int index) const;

    std::unique_ptr<Ui::ListenersPage> m_ui;
    ConfigDocument *m_document = nullptr;
    const EngineController *m_engine = nullptr;
    StatsSnapshot m_stats;
    bool m_refreshing = false;
};
