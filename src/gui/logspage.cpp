#include "logspage.h"

#include "instancecontroller.h"
#include "logfeed.h"
#include "logfiltermodel.h"
#include "logmodel.h"
#include "ui_logspage.h"

#include <QApplication>
#include <algorithm>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QLocale>
#include <QMessageBox>
#include <QSaveFile>
#include <QScrollBar>
#include <QShortcut>
#include <QStandardPaths>
#include <QStyle>

LogsPage::LogsPage(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::LogsPage>()), m_feed(new LogFeed(this)), m_model(new LogModel(this)),
      m_filter(new LogFilterModel(this))
{
    m_ui->setupUi(this);
    const std::pair<QString, ErrorLog::Level> levels[] = {{tr("All"), ErrorLog::Level::Debug},
                                                          {tr("Notice and worse"), ErrorLog::Level::Notice},
                                                          {tr("Warnings and worse"), ErrorLog::Level::Warn},
                                                          {tr("Errors and worse"), ErrorLog::Level::Error}};
    for (const auto &[text, level] : levels)
        m_ui->levelCombo->addItem(text, int(level));
    m_ui->pauseButton->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    m_ui->copyButton->setIcon(style()->standardIcon(QStyle::SP_FileDialogContentsView));
    m_ui->saveButton->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    m_ui->clearButton->setIcon(style()->standardIcon(QStyle::SP_DialogResetButton));

    m_filter->setSourceModel(m_model);
    m_ui->view->setModel(m_filter);
    m_ui->view->verticalHeader()->hide();
    m_ui->view->verticalHeader()->setDefaultSectionSize(m_ui->view->fontMetrics().height() + 4);
    QHeaderView *header = m_ui->view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    const QFontMetrics metrics = m_ui->view->fontMetrics();
    header->resizeSection(LogModel::TimeColumn, metrics.horizontalAdvance(QStringLiteral("0000/00/00 00:00:00")) + 16);
    header->resizeSection(LogModel::LevelColumn, metrics.horizontalAdvance(QStringLiteral("notice")) + 20);
    header->resizeSection(LogModel::ConnectionColumn, metrics.horizontalAdvance(QStringLiteral("Connection")) + 16);

    connect(m_feed, &LogFeed::linesArrived, this, &LogsPage::addLines);
    connect(m_ui->levelCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setLevel(ErrorLog::Level(m_ui->levelCombo->currentData().toInt()));
        updateStatus();
    });
    connect(m_ui->searchEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setText(text);
        updateStatus();
    });
    connect(m_ui->connectionEdit, &QLineEdit::textChanged, this, &LogsPage::applyConnectionText);
    connect(m_ui->pauseButton, &QToolButton::toggled, this, &LogsPage::setPaused);
    connect(m_ui->copyButton, &QToolButton::clicked, this, &LogsPage::copySelected);
    connect(m_ui->saveButton, &QToolButton::clicked, this, &LogsPage::saveWithDialog);
    connect(m_ui->clearButton, &QToolButton::clicked, this, &LogsPage::clear);
    connect(m_ui->view, &QTableView::clicked, this, [this](const QModelIndex &index) {
        const quint64 connection = index.data(LogModel::ConnectionRole).toULongLong();
        if (index.column() == LogModel::ConnectionColumn && connection)
            showConnection(connection);
    });
    auto *copy = new QShortcut(QKeySequence::Copy, m_ui->view, nullptr, nullptr, Qt::WidgetShortcut);
    connect(copy, &QShortcut::activated, this, &LogsPage::copySelected);
    updateStatus();
}

LogsPage::~LogsPage()
{
    if (m_controller)
        m_controller->watchLog(false);
}

void LogsPage::attach(std::shared_ptr<ErrorLog> log)
{
    m_feed->attach(std::move(log));
}

void LogsPage::setController(InstanceController *controller)
{
    if (controller == m_controller)
        return;
    disconnect(m_controllerLines);
    if (m_controller)
        m_controller->watchLog(false);
    clear(); // lines of another instance
    m_controller = controller;
    if (!controller)
        return;
    m_controllerLines = connect(controller, &InstanceController::logLinesArrived, this, &LogsPage::addLines);
    controller->watchLog(true);
}

bool LogsPage::isPaused() const
{
    return m_ui->pauseButton->isChecked();
}

void LogsPage::addLines(const QList<LogEntry> &lines, quint64 dropped)
{
    m_lost += dropped;
    if (isPaused()) {
        m_held += lines;
        // Held lines beyond what the view keeps would be thrown away on resume anyway.
        const qsizetype excess = m_held.size() - m_model->capacity();
        if (excess > 0) {
            m_held.remove(0, excess);
            m_heldDropped += quint64(excess);
        }
        updateStatus();
        return;
    }
    QScrollBar *bar = m_ui->view->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum(); // follow new lines only when already at the end
    m_model->append(lines);
    if (atEnd)
        m_ui->view->scrollToBottom();
    updateStatus();
}

void LogsPage::setPaused(bool paused)
{
    if (m_ui->pauseButton->isChecked() != paused) {
        m_ui->pauseButton->setChecked(paused); // comes back here through toggled
        return;
    }
    m_ui->pauseButton->setIcon(style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    if (!paused && !m_held.isEmpty()) {
        const QList<LogEntry> held = std::exchange(m_held, {});
        m_heldDropped = 0;
        addLines(held, 0);
        return;
    }
    updateStatus();
}

void LogsPage::showConnection(quint64 connection)
{
    m_ui->connectionEdit->setText(connection ? QStringLiteral("*%1").arg(connection) : QString());
}

void LogsPage::applyConnectionText()
{
    QString text = m_ui->connectionEdit->text().trimmed();
    if (text.startsWith(u'*'))
        text.remove(0, 1);
    bool ok = false;
    const quint64 connection = text.toULongLong(&ok);
    const bool valid = text.isEmpty() || (ok && connection > 0);
    // A number that is not one filters nothing, and says so in the field's colour.
    m_ui->connectionEdit->setStyleSheet(valid ? QString() : QStringLiteral("color: #b00020"));
    m_filter->setConnection(valid && !text.isEmpty() ? connection : 0);
    updateStatus();
}

QStringList LogsPage::shownLines() const
{
    QStringList lines;
    lines.reserve(m_filter->rowCount());
    for (int row = 0; row < m_filter->rowCount(); ++row)
        lines << m_filter->index(row, 0).data(LogModel::LineRole).toString();
    return lines;
}

QStringList LogsPage::selectedLines() const
{
    QModelIndexList rows = m_ui->view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList lines;
    for (const QModelIndex &index : std::as_const(rows))
        lines << index.data(LogModel::LineRole).toString();
    return lines;
}

void LogsPage::copySelected()
{
    const QStringList lines = selectedLines();
    if (!lines.isEmpty())
        QApplication::clipboard()->setText(lines.join(u'\n') + u'\n');
}

bool LogsPage::saveShown(const QString &path, QString *error) const
{
    QSaveFile file(path);
    // Not Text mode: the saved lines are byte for byte the log file's, "\n" on Windows too.
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    for (const QString &line : shownLines())
        file.write(line.toUtf8() + '\n');
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

void LogsPage::saveWithDialog()
{
    const QString start = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QStringLiteral("/portier-error.log");
    const QString path = QFileDialog::getSaveFileName(this, tr("Save log lines"), start, tr("Log files (*.log *.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveShown(path, &error))
        QMessageBox::warning(this, tr("Portier"), tr("Cannot save %1: %2").arg(QDir::toNativeSeparators(path), error));
}

void LogsPage::clear()
{
    m_model->clear();
    m_held.clear();
    m_heldDropped = 0;
    m_lost = 0;
    updateStatus();
}

QString LogsPage::statusText() const
{
    return m_ui->statusLabel->text();
}

void LogsPage::updateStatus()
{
    const QLocale locale;
    QStringList parts;
    if (m_filter->rowCount() == m_model->rowCount())
        parts << tr("%n line(s)", nullptr, m_model->rowCount());
    else
        parts << tr("%1 of %n line(s) shown", nullptr, m_model->rowCount()).arg(locale.toString(m_filter->rowCount()));
    if (m_filter->connection())
        parts << tr("connection *%1").arg(m_filter->connection());
    if (isPaused())
        parts << tr("paused: %n new line(s) held", nullptr, int(m_held.size()));
    if (m_lost + m_heldDropped)
        parts << tr("%1 older lines not kept here (the log file has them)").arg(locale.toString(m_lost + m_heldDropped));
    m_ui->statusLabel->setText(parts.join(QStringLiteral(" · ")));
    m_ui->pauseButton->setText(isPaused() ? tr("Resume (%1)").arg(locale.toString(m_held.size())) : tr("&Pause"));
}
