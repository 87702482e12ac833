#include "recordingtranslator.h"

#include <algorithm>

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
    if (n < 0)
        remember(text.isEmpty() ? QString::fromUtf8(sourceText) : text, Source{QByteArray(context), QByteArray(sourceText), QByteArray(disambiguation)});
    return text;
}

void RecordingTranslator::remember(const QString &shown, const Source &source) const
{
    QList<Source> &sources = m_seen[shown];
    if (!sources.contains(source))
        sources.append(source);
}

std::optional<QString> RecordingTranslator::retranslate(const QString &shown, const QList<QByteArray> &contexts) const
{
    const QMutexLocker lock(&m_mutex);
    const auto it = m_seen.constFind(shown);
    if (it == m_seen.constEnd())
        return std::nullopt;
    const QList<Source> &sources = *it;
    const Source *source = &sources.first();
    for (const QByteArray &context : contexts) {
        const auto own = std::find_if(sources.begin(), sources.end(), [&](const Source &s) { return s.context == context; });
        if (own != sources.end()) {
            source = &*own;
            break;
        }
    }
    const Source chosen = *source; // remember() may grow the list
    const QString text = lookUp(chosen.context.constData(), chosen.text.constData(),
                                chosen.disambiguation.isEmpty() ? nullptr : chosen.disambiguation.constData(), -1);
    const QString now = text.isEmpty() ? QString::fromUtf8(chosen.text) : text;
    remember(now, chosen);
    return now;
}
