#pragma once

#include <engine.h>

// Sessions open now on every listener of an engine (a UDP listener's sessions included).
inline quint64 activeConnections(const Engine &engine)
{
    quint64 active = 0;
    for (const ListenerStats &listener : engine.snapshot().listeners)
        active += listener.activeConnections;
    return active;
}
