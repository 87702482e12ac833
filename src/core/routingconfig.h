#pragma once

#include <QList>
#include <QString>

// Variables a config defines for itself (ngx_stream_map_module and
// ngx_stream_split_clients_module). Defined once for the whole config, read by any listener's
// proxy_pass, return text, limit_conn key or hash key through StreamTemplate.

// One "key value;" line of a map, as written: an exact key (a leading '\' escapes a key that
// reads like a parameter), "~regex" / "~*regex" (case-insensitive), and with hostnames
// "*.example.com", ".example.com" or "www.example.*". The value is a complex value.
struct MapEntryConfig
{
    QString key;
    QString value;

    friend bool operator==(const MapEntryConfig &, const MapEntryConfig &) = default;
};

// map SOURCE $NAME { ... }: NAME's value is the value of the first entry that matches SOURCE
// in nginx's order (exact, longest wildcard head, longest wildcard tail, regexes as written),
// or the default (empty when there is none).
struct MapConfig
{
    QString source;      // a complex value, e.g. "$remote_addr"
    QString name;        // the variable it defines, without '$'
    bool hostnames = false;
    bool isVolatile = false; // "volatile": not cached per session
    QString defaultValue;
    QList<MapEntryConfig> entries;

    friend bool operator==(const MapConfig &, const MapConfig &) = default;
};

// One "PERCENT value;" line of split_clients: "10%", "20.5%" (two decimals count, as nginx),
// or "*" for the rest.
struct SplitBucketConfig
{
    QString percent;
    QString value;

    friend bool operator==(const SplitBucketConfig &, const SplitBucketConfig &) = default;
};

// split_clients KEY $NAME { ... }: the key's MurmurHash2 picks a bucket, so one key always
// lands in the same bucket, the same one nginx picks.
struct SplitClientsConfig
{
    QString key;   // a complex value, e.g. "${remote_addr}AAA"
    QString name;  // without '$'
    QList<SplitBucketConfig> buckets;

    friend bool operator==(const SplitClientsConfig &, const SplitClientsConfig &) = default;
};
