  ; Undo the install options before the files go: a running service holds portierd.exe.
  ; Each step is harmless when its option was not chosen.
  nsExec::ExecToLog '"$INSTDIR\portierd.exe" --uninstall-service'
  Pop $R3
  nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="Portier"'
  Pop $R3
  nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="Portier service (portierd)"'
  Pop $R3
  ReadRegStr $R4 HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "Portier"
  StrCmp $R4 '"$INSTDIR\portier.exe" --minimized' 0 +2
    DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "Portier"
  ; %ProgramData%\Portier (the service's configuration) and the users' settings stay: they are data.
