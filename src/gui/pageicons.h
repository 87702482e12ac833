#pragma once

#include <QIcon>
#include <QObject>

class QAction;
class QListWidget;

// The navigator's line icons (Dashboard, Listeners, Upstream groups, Certificates,
// Connections) and the log's, drawn in resources/icons/page-*.svg in black and tinted here
// with the palette's text colours, so they read on light and dark themes alike and follow a
// change of theme while the program runs. GUI thread.
class PageIcons : public QObject
{
    Q_OBJECT

public:
    // name: "dashboard", "listeners", "upstreams", "certificates", "connections", "logs".
    static QIcon icon(const QString &name, const QPalette &palette);

    // Gives the navigator's rows (in MainWindow::Page order) and the log's action their icons,
    // and gives them again when the navigator's palette changes.
    static void attach(QListWidget *navigator, QAction *logs);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    PageIcons(QListWidget *navigator, QAction *logs);
    void apply();

    QListWidget *m_navigator;
    QAction *m_logs;
};
