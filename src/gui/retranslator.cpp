#include "retranslator.h"

#include "recordingtranslator.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMetaProperty>
#include <QPlainTextEdit>
#include <QStandardItemModel>
#include <QTabBar>
#include <QTableWidget>
#include <QTextEdit>
#include <QToolBox>
#include <QTreeWidget>

namespace {

// The properties that hold texts the program wrote; "text" of an editor is the user's.
constexpr const char *textProperties[] = {"text", "title", "windowTitle", "toolTip", "statusTip", "whatsThis",
                                          "placeholderText", "iconText", "prefix", "suffix", "specialValueText"};

bool holdsUserText(const QObject *object)
{
    return qobject_cast<const QLineEdit *>(object) || qobject_cast<const QTextEdit *>(object)
           || qobject_cast<const QPlainTextEdit *>(object);
}

class Walk
{
public:
    explicit Walk(const RecordingTranslator &translator) : m_translator(translator) {}

    // The classes that may have built an object's texts: its own and its parents', nearest first.
    void setObject(const QObject *object)
    {
        m_contexts.clear();
        for (const QObject *o = object; o; o = o->parent())
            m_contexts.append(QByteArray(o->metaObject()->className()));
    }

    void properties(QObject *object)
    {
        setObject(object);
        const QMetaObject *meta = object->metaObject();
        const bool userText = holdsUserText(object);
        for (const char *name : textProperties) {
            if (userText && qstrcmp(name, "text") == 0)
                continue;
            const int index = meta->indexOfProperty(name);
            if (index < 0)
                continue;
            const QMetaProperty property = meta->property(index);
            if (!property.isWritable() || property.metaType().id() != QMetaType::QString)
                continue;
            const QString shown = property.read(object).toString();
            if (const auto now = again(shown))
                property.write(object, *now);
        }
    }

    void items(QWidget *widget)
    {
        if (auto *combo = qobject_cast<QComboBox *>(widget)) {
            // An editable combo's items are names the user may pick (groups, addresses).
            for (int i = 0; !combo->isEditable() && i < combo->count(); ++i) {
                if (const auto now = again(combo->itemText(i)))
                    combo->setItemText(i, *now);
                role(combo->itemData(i, Qt::ToolTipRole), [&](const QString &text) { combo->setItemData(i, text, Qt::ToolTipRole); });
            }
        } else if (auto *list = qobject_cast<QListWidget *>(widget)) {
            for (int i = 0; i < list->count(); ++i)
                cell(list->item(i));
        } else if (auto *tree = qobject_cast<QTreeWidget *>(widget)) {
            treeItem(tree->headerItem());
            for (int i = 0; i < tree->topLevelItemCount(); ++i)
                treeItem(tree->topLevelItem(i));
        } else if (auto *table = qobject_cast<QTableWidget *>(widget)) {
            for (int column = 0; column < table->columnCount(); ++column)
                cell(table->horizontalHeaderItem(column));
            for (int row = 0; row < table->rowCount(); ++row) {
                cell(table->verticalHeaderItem(row));
                for (int column = 0; column < table->columnCount(); ++column)
                    cell(table->item(row, column));
            }
        } else if (auto *tabs = qobject_cast<QTabBar *>(widget)) {
            for (int i = 0; i < tabs->count(); ++i) {
                if (const auto now = again(tabs->tabText(i)))
                    tabs->setTabText(i, *now);
                if (const auto now = again(tabs->tabToolTip(i)))
                    tabs->setTabToolTip(i, *now);
            }
        } else if (auto *box = qobject_cast<QToolBox *>(widget)) {
            for (int i = 0; i < box->count(); ++i) {
                if (const auto now = again(box->itemText(i)))
                    box->setItemText(i, *now);
            }
        }
        if (auto *view = qobject_cast<QAbstractItemView *>(widget)) {
            // Models answer in the new language when asked again: have every view ask.
            if (auto *model = qobject_cast<QStandardItemModel *>(view->model()))
                standardItems(model);
            view->viewport()->update();
        } else if (auto *header = qobject_cast<QHeaderView *>(widget)) {
            if (header->model() && header->count() > 0)
                emit header->model()->headerDataChanged(header->orientation(), 0, header->count() - 1);
        }
    }

private:
    std::optional<QString> again(const QString &shown) const
    {
        if (shown.isEmpty())
            return std::nullopt;
        const auto now = m_translator.retranslate(shown, m_contexts);
        return now && *now != shown ? now : std::nullopt;
    }

    template <typename Set>
    void role(const QVariant &value, Set set)
    {
        if (value.typeId() == QMetaType::QString) {
            if (const auto now = again(value.toString()))
                set(*now);
        }
    }

    template <typename Item>
    void cell(Item *item)
    {
        if (!item)
            return;
        for (const int r : {int(Qt::DisplayRole), int(Qt::ToolTipRole)})
            role(item->data(r), [&](const QString &text) {
                if constexpr (std::is_same_v<Item, QStandardItem>)
                    item->setData(text, r); // QStandardItem takes the value first
                else
                    item->setData(r, text);
            });
    }

    void treeItem(QTreeWidgetItem *item)
    {
        if (!item)
            return;
        for (int column = 0; column < item->columnCount(); ++column) {
            for (const int r : {int(Qt::DisplayRole), int(Qt::ToolTipRole)})
                role(item->data(column, r), [&](const QString &text) { item->setData(column, r, text); });
        }
        for (int i = 0; i < item->childCount(); ++i)
            treeItem(item->child(i));
    }

    void standardItems(QStandardItemModel *model)
    {
        for (int column = 0; column < model->columnCount(); ++column)
            cell(model->horizontalHeaderItem(column));
        for (int row = 0; row < model->rowCount(); ++row) {
            for (int column = 0; column < model->columnCount(); ++column)
                cell(model->item(row, column));
        }
    }

    const RecordingTranslator &m_translator;
    QList<QByteArray> m_contexts;
};

} // namespace

void Retranslator::retranslateAll(const RecordingTranslator &translator)
{
    Walk walk(translator);
    QSet<QAction *> actions;
    for (QWidget *widget : QApplication::allWidgets()) {
        walk.properties(widget);
        walk.items(widget);
        for (QAction *action : widget->actions())
            actions.insert(action);
        for (QAction *action : widget->findChildren<QAction *>(Qt::FindDirectChildrenOnly))
            actions.insert(action);
    }
    for (QAction *action : std::as_const(actions)) {
        walk.properties(action);
        if (QMenu *menu = action->menu())
            walk.properties(menu);
    }
}
