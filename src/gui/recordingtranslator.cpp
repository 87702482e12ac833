#include "recordingtranslator.h"

RecordingTranslator::RecordingTranslator(QObject *parent) : QTranslator(parent) {}

RecordingTranslator::~RecordingTranslator() = default;

void RecordingTranslator::setTranslators(std::vector<std::unique_ptr<QTranslator>> translators, const QString &language)
{
    const QMutexLocker lock(&m_mutex);
    m_translators = std::move(translators);
    m_language = language;
}

QString RecordingTranslator::lookUp(const char *context, const char *sourceText, const char *disambiguation, int n) const
{
    for (const std::unique_ptr<QTranslator> &translator : m_translators) {
        QString text = translator->translate(context, sourceText, disambiguation, n);
        if (!text.isEmpty())
            return text;
    }
    return QString();
}

QString RecordingTranslator::translate(const char *context, const char *sourceText, const char *disambiguation, int n) const
{
    if (!sourceText)
        return QString();
    const QMutexLocker lock(&m_mutex);
    const QString text = lookUp(context, sourceText, disambiguation, n);
    // An empty answer makes Qt show the source itself, so the source is what a widget shows.
    // A plural (n >= 0) is shown with its number filled in and cannot be found again.
    if (n < 0) {
        const QString shown = text.isEmpty() ? QString::fromUtf8(sourceText) : text;
        if (!m_seen.contains(shown))
            m_seen.insert(shown, Source{QByteArray(context), QByteArray(sourceText), QByteArray(disambiguation)});
    }
    return text;
}

std::optional<QString> RecordingTranslator::retranslate(const QString &shown) const
{
    const QMutexLocker lock(&m_mutex);
    const auto it = m_seen.constFind(shown);
    if (it == m_seen.constEnd())
        return std::nullopt;
    const QString text = lookUp(it->context.constData(), it->text.constData(), it->disambiguation.isEmpty() ? nullptr : it->disambiguation.constData(), -1);
    const QString now = text.isEmpty() ? QString::fromUtf8(it->text) : text;
    if (!m_seen.contains(now))
        m_seen.insert(now, *it);
    return now;
}
