#pragma once

#include <QHash>
#include <QMutex>
#include <QTranslator>
#include <memory>
#include <optional>
#include <vector>

// The one translator Portier installs: it asks the language's own translators (Portier's and
// Qt's) and remembers, for every text it was asked for, where it came from (context, source,
// disambiguation), keyed by the text it gave out. That lets a language switch find, for a
// text a widget shows, the same text in the new language, without every one of the fifty
// widgets that build their texts in code keeping a retranslate function of its own
// (Retranslator walks the widgets). The languages' translators can be swapped at run time.
// Any thread may translate (the lock guards the translators and the memory).
class RecordingTranslator : public QTranslator
{
    Q_OBJECT

public:
    explicit RecordingTranslator(QObject *parent = nullptr);
    ~RecordingTranslator() override;

    // Takes over the translators of a language, asked in this order; none for English sources.
    void setTranslators(std::vector<std::unique_ptr<QTranslator>> translators, const QString &language);

    QString translate(const char *context, const char *sourceText, const char *disambiguation, int n) const override;
    bool isEmpty() const override { return false; }

    // The text shown, given out by this translator in any language so far, in the current
    // language; nullopt for a text it never gave out (user data, a text with arguments filled).
    // A text given out for several sources ("Name" of two classes, translated apart) is taken
    // as the one whose context comes first in contexts: the class names of the widget showing
    // it and of its parents, nearest first, since tr() is called by the class that builds it.
    std::optional<QString> retranslate(const QString &shown, const QList<QByteArray> &contexts = {}) const;

private:
    struct Source
    {
        QByteArray context;
        QByteArray text;
        QByteArray disambiguation;
        friend bool operator==(const Source &, const Source &) = default;
    };
    QString lookUp(const char *context, const char *sourceText, const char *disambiguation, int n) const;

    mutable QMutex m_mutex;
    std::vector<std::unique_ptr<QTranslator>> m_translators;
    QString m_language;
    void remember(const QString &shown, const Source &source) const;

    mutable QHash<QString, QList<Source>> m_seen; // bounded by the program's distinct tr() sources, in each language used
};
