  ; Portier's install options. Interactive: one question each. Silent (/S): off unless the
  ; switch is given: /AUTOSTART (start at login), /SERVICE (portierd as a Windows service,
  ; on a copy of the sample in %ProgramData%\Portier\portierd.json), /FIREWALL (inbound
  ; rules for portier.exe and portierd.exe in Windows Defender Firewall).
  ${GetParameters} $R0

  ClearErrors
  ${GetOptions} $R0 "/AUTOSTART" $R1
  IfErrors 0 portier_autostart
  MessageBox MB_YESNO|MB_ICONQUESTION "Start Portier in the tray when you log in?$\n$\n(You can change this later in Portier's Preferences.)" /SD IDNO IDNO portier_autostart_done
  portier_autostart:
    ; The value Portier's Preferences write and read (src/gui/autostart.cpp).
    WriteRegStr HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "Portier" '"$INSTDIR\portier.exe" --minimized'
  portier_autostart_done:

  ClearErrors
  ${GetOptions} $R0 "/SERVICE" $R1
  IfErrors 0 portier_service
  MessageBox MB_YESNO|MB_ICONQUESTION "Also install portierd as a Windows service?$\n$\nIt starts at boot and balances without anyone logged in, using %ProgramData%\Portier\portierd.json (a copy of the sample: edit it, then restart the service with: net stop portierd && net start portierd)." /SD IDNO IDNO portier_service_done
  portier_service:
    ReadEnvStr $R2 "ProgramData"
    StrCmp $R2 "" 0 +2
      StrCpy $R2 "$WINDIR\..\ProgramData"
    CreateDirectory "$R2\Portier"
    IfFileExists "$R2\Portier\portierd.json" +2 0
      CopyFiles /SILENT "$INSTDIR\samples\portier-sample.json" "$R2\Portier\portierd.json"
    nsExec::ExecToLog '"$INSTDIR\portierd.exe" --install-service --config "$R2\Portier\portierd.json"'
    Pop $R3
    StrCmp $R3 "0" 0 portier_service_failed
    nsExec::ExecToLog 'net start portierd'
    Pop $R3
    Goto portier_service_done
  portier_service_failed:
    MessageBox MB_OK|MB_ICONEXCLAMATION "The portierd service could not be installed (exit code $R3). Install it later from an administrator's command prompt:$\n$\nportierd --install-service --config FILE" /SD IDOK
  portier_service_done:

  ClearErrors
  ${GetOptions} $R0 "/FIREWALL" $R1
  IfErrors 0 portier_firewall
  MessageBox MB_YESNO|MB_ICONQUESTION "Let other computers reach Portier?$\n$\nThis adds inbound rules to Windows Defender Firewall for portier.exe and portierd.exe, so Windows does not ask the first time a listener opens. Answer No to keep Portier reachable from this computer only (or to decide when Windows asks)." /SD IDNO IDNO portier_firewall_done
  portier_firewall:
    nsExec::ExecToLog 'netsh advfirewall firewall add rule name="Portier" dir=in action=allow program="$INSTDIR\portier.exe" enable=yes profile=any'
    Pop $R3
    nsExec::ExecToLog 'netsh advfirewall firewall add rule name="Portier service (portierd)" dir=in action=allow program="$INSTDIR\portierd.exe" enable=yes profile=any'
    Pop $R3
  portier_firewall_done:
