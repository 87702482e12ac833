/* Evidence for tst_preflight::checkAcceptsPortServedByPortierd and
   tst_bindfailure::portInUseNamesTheProgramHoldingIt in wine-known-failures.txt:
   prints the owner of the TCP listener on PORT as GetExtendedTcpTable(TCP_TABLE_OWNER_PID_LISTENER)
   reports it, and that process's image path, as Portier's platform/winporttable.cpp reads them.
     x86_64-w64-mingw32-gcc -o wine-tcp-owner.exe wine-tcp-owner.c -liphlpapi -lws2_32
     wine portierd.exe --config some.json &   (listening on 127.0.0.1:PORT)
     wine wine-tcp-owner.exe PORT
   Measured under Wine 8.0: the listener is found, with dwOwningPid 0 (portierd.exe was pid 32;
   the same for portholder.exe tcp 40, the test's child). */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
    DWORD size = 0; GetExtendedTcpTable(NULL, &size, FALSE, AF_INET, TCP_TABLE_OWNER_PID_LISTENER, 0);
    char *buf = malloc(size + 4096); size += 4096;
    DWORD r = GetExtendedTcpTable(buf, &size, FALSE, AF_INET, TCP_TABLE_OWNER_PID_LISTENER, 0);
    printf("result %lu\n", r);
    MIB_TCPTABLE_OWNER_PID *t = (MIB_TCPTABLE_OWNER_PID *)buf;
    for (DWORD i = 0; r == 0 && i < t->dwNumEntries; ++i)
        if (ntohs((u_short)t->table[i].dwLocalPort) == atoi(argv[1])) {
            DWORD pid = t->table[i].dwOwningPid;
            HANDLE p = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
            wchar_t path[520]; DWORD len = 520; BOOL ok = p && QueryFullProcessImageNameW(p, 0, path, &len);
            printf("port %d pid %lu open %p name %d %ls\n", atoi(argv[1]), pid, p, ok, ok ? path : L"-");
        }
    return 0;
}
