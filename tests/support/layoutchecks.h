#pragma once

// What "nothing is clipped" means for the main window, as checks that return what they found
// wrong (empty: fine). tst_guilayout runs them at 1× and tst_guilayoutscaled at 2×
// (QT_SCALE_FACTOR, set before QApplication); header-only, as the support library does not
// link the GUI.
#include <certificatespage.h>
#include <configdocument.h>
#include <dashboardpage.h>
#include <listenerspage.h>
#include <mainwindow.h>
#include <preferencesdialog.h>
#include <upstreamspage.h>

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

namespace LayoutChecks {

// The smallest window Portier promises to fit at 1× (a small laptop or a tiled half screen),
// and the screen a 2× window must fit: a 1440×900 panel of device pixels at a scale of 2 is
// 720×450 logical pixels.
inline QSize smallWindow()
{
    return QSize(800, 500);
}

inline QSize screenFor(qreal scale)
{
    return scale >= 2 ? QSize(1440, 900) / scale : smallWindow();
}

inline void settle()
{
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
    }
}

// A listener, a group with three servers and a certificate: every editor has its form shown.
inline Config fullConfig()
{
    Config config;
    UpstreamConfig upstream;
    upstream.name = QStringLiteral("backend");
    for (const char *address : {"127.0.0.1:7773", "127.0.0.1:7774", "127.0.0.1:7775"})
        upstream.servers << ServerConfig{QLatin1StringView(address)};
    config.upstreams << upstream;
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:30003");
    listener.proxyPass = QStringLiteral("backend");
    config.listeners << listener;
    config.certificates << CertificateConfig{QStringLiteral("site"), QStringLiteral("site.pem"), QStringLiteral("site.key"), QString(), false};
    return config;
}

inline QString describe(const QWidget *widget)
{
    QString name = widget->objectName();
    for (const QWidget *w = widget->parentWidget(); name.isEmpty() && w; w = w->parentWidget())
        name = w->objectName().isEmpty() ? QString() : w->objectName() + QStringLiteral("/…");
    return QString::fromLatin1(widget->metaObject()->className()) + u' ' + name;
}

inline bool isField(const QWidget *widget)
{
    return qobject_cast<const QLineEdit *>(widget) || qobject_cast<const QComboBox *>(widget)
        || qobject_cast<const QAbstractSpinBox *>(widget) || qobject_cast<const QAbstractButton *>(widget);
}

// Scrolls `scroll` so that `child` is in view whole where it fits (its left edge first where
// it is wider). QScrollArea::ensureWidgetVisible shows only an editor's cursor rectangle.
inline void scrollTo(QScrollArea *scroll, QWidget *child)
{
    const QRect r(child->mapTo(scroll->widget(), QPoint(0, 0)), child->size());
    const QSize view = scroll->viewport()->size();
    QScrollBar *h = scroll->horizontalScrollBar();
    QScrollBar *v = scroll->verticalScrollBar();
    if (r.right() >= h->value() + view.width())
        h->setValue(r.right() - view.width() + 1);
    if (r.left() < h->value() || r.width() > view.width())
        h->setValue(r.left());
    if (r.bottom() >= v->value() + view.height())
        v->setValue(r.bottom() - view.height() + 1);
    if (r.top() < v->value() || r.height() > view.height())
        v->setValue(r.top());
}

// Every field of `root` that is shown can be seen whole: inside the window, and inside its
// scroll area once that scrolls to it. A field squeezed below its minimum, or laid out beyond
// a parent that does not scroll, shows only a part (or nothing) of itself.
inline QStringList unreachableFields(QWidget *root)
{
    QStringList problems;
    const QList<QWidget *> children = root->findChildren<QWidget *>();
    for (QWidget *field : children) {
        if (!isField(field) || !field->isVisible() || field->window() != root->window())
            continue;
        // A spin box's or combo box's line edit is part of it, checked with it.
        if (qobject_cast<QAbstractSpinBox *>(field->parentWidget()) || qobject_cast<QComboBox *>(field->parentWidget()))
            continue;
        // Buttons inside item views and headers (the table's corner button) are the view's.
        bool insideView = false;
        for (QWidget *w = field->parentWidget(); w && w != root; w = w->parentWidget())
            insideView = insideView || qobject_cast<QAbstractItemView *>(w) || qobject_cast<QHeaderView *>(w) || w->inherits("QTabBar");
        if (insideView)
            continue;
        for (QWidget *w = field->parentWidget(); w; w = w->parentWidget()) {
            if (auto *scroll = qobject_cast<QScrollArea *>(w)) {
                scrollTo(scroll, field);
                break;
            }
        }
        settle();
        const QRect visible = field->visibleRegion().boundingRect();
        // A field stretched wider than the view is fine while what it holds shows.
        const int needed = qMin(field->width(), qMax(field->minimumSizeHint().width(), field->minimumWidth()));
        if (visible.height() != field->height() || visible.left() != 0 || visible.width() < needed)
            problems << QStringLiteral("%1 (%2×%3) shows only %4×%5")
                            .arg(describe(field))
                            .arg(field->width())
                            .arg(field->height())
                            .arg(visible.width())
                            .arg(visible.height());
        else if (field->height() < field->minimumSizeHint().height() || field->width() < qMin(field->minimumSizeHint().width(), 40))
            problems << QStringLiteral("%1 squeezed to %2×%3").arg(describe(field)).arg(field->width()).arg(field->height());
    }
    return problems;
}

// What asks for the space: the minimum size of each page, the dock and the bars.
inline QString minimumSizes(MainWindow *window)
{
    QStringList parts;
    auto add = [&parts](const QString &name, const QWidget *w) {
        const QSize m = w->minimumSizeHint().expandedTo(w->minimumSize());
        parts << QStringLiteral("%1 %2×%3").arg(name).arg(m.width()).arg(m.height());
    };
    auto *pages = window->findChild<QStackedWidget *>(QStringLiteral("pages"));
    for (int i = 0; i < pages->count(); ++i)
        add(pages->widget(i)->objectName(), pages->widget(i));
    add(QStringLiteral("central"), window->centralWidget());
    add(QStringLiteral("log dock"), window->logsDock());
    for (const char *name : {"menuBar", "toolBar", "statusBar", "applyBar"})
        if (auto *w = window->findChild<QWidget *>(QLatin1StringView(name)))
            add(QLatin1StringView(name), w);
    return parts.join(QStringLiteral(", "));
}

// A table shows at least `rows` rows below its header, on the screen: the part of its
// viewport that its scroll area (if any) shows.
inline QString tooFewRows(QTableView *table, int rows)
{
    const int rowHeight = table->verticalHeader()->defaultSectionSize();
    const int shown = table->viewport()->visibleRegion().boundingRect().height() / qMax(1, rowHeight);
    if (!table->isVisible())
        return QStringLiteral("%1 is not shown").arg(describe(table));
    return shown >= rows ? QString()
                         : QStringLiteral("%1 shows %2 row(s) of %3 px in %4 px; wanted %5")
                               .arg(describe(table))
                               .arg(shown)
                               .arg(rowHeight)
                               .arg(table->viewport()->visibleRegion().boundingRect().height())
                               .arg(rows);
}

// An input field stretched across a wide window is hard to read; wanted: at most `limit` px.
inline QStringList overWideFields(QWidget *root, int limit)
{
    QStringList problems;
    for (QWidget *field : root->findChildren<QWidget *>()) {
        if (qobject_cast<QAbstractSpinBox *>(field->parentWidget()) || qobject_cast<QComboBox *>(field->parentWidget()))
            continue;
        if (!field->isVisible() || !(qobject_cast<QLineEdit *>(field) || qobject_cast<QComboBox *>(field) || qobject_cast<QAbstractSpinBox *>(field)))
            continue;
        bool insideView = false;
        for (QWidget *w = field->parentWidget(); w && w != root; w = w->parentWidget())
            insideView = insideView || qobject_cast<QAbstractItemView *>(w);
        if (!insideView && field->width() > limit)
            problems << QStringLiteral("%1 is %2 px wide").arg(describe(field)).arg(field->width());
    }
    return problems;
}

} // namespace LayoutChecks
