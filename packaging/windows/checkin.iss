; Inno Setup script of the clinic check-in terminal for Windows 10/11 (64-bit).
;
; NOT BUILT IN CI: Inno Setup runs on Windows only, and PyInstaller cannot cross-build. On a
; Windows build machine with Python 3.11 and Git Bash, from the repository root:
;   py -3.11 -m venv .venv
;   .venv/Scripts/pip install -e .[packaging]
;   .venv/Scripts/pip install --no-deps -r packaging/requirements-nodeps.txt
;   PYTHON=.venv/Scripts/python bash packaging/build_bundle.sh
;   "C:/Program Files (x86)/Inno Setup 6/ISCC.exe" /DAppVersion=0.1.0 packaging/windows/checkin.iss
; Output: dist\checkin-terminal-setup-<version>.exe. It installs the same one-folder bundle as the
; Linux .deb (dist\checkin\, plus checkin-kiosk.exe, the windowless kiosk starter); the test
; tests/packaging/test_windows_installer.py keeps this script in step with the bundle and the
; config paths.
;
; Silent install (fleet tools):  checkin-terminal-setup-0.1.0.exe /VERYSILENT /SUPPRESSMSGBOXES
;   /NORESTART /TASKS="autostart,smartcard" /LOG="%TEMP%\checkin-setup.log"
; Silent uninstall:  "%ProgramFiles%\CheckinTerminal\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES
;
; PC/SC on Windows: card readers go through the built-in Smart Card service (SCardSvr). It is set
; to start on demand; the `smartcard` task sets it to Automatic and starts it, so the kiosk finds
; the reader at boot. Install the reader maker's driver if Windows' generic CCID driver does not
; list the reader (`checkin doctor` says which readers it sees).
; Camera on Windows: Settings > Privacy & security > Camera > "Let desktop apps access your
; camera" must be On for the kiosk user; the `allowcamera` task sets the machine-wide policy.
; Use camera.device = "0" (an index), not a /dev path.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Clinic check-in terminal"
#define BundleDir "..\..\dist\checkin"

[Setup]
AppId={{6F1B2C0E-5E8B-4C1F-9D8A-3C2B7A4E9D10}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Clinic check-in terminal team
DefaultDirName={autopf}\CheckinTerminal
DefaultGroupName=Clinic check-in
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
PrivilegesRequired=admin
OutputDir=..\..\dist
OutputBaseFilename=checkin-terminal-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
UninstallDisplayIcon={app}\checkin.exe
CloseApplications=yes

[Tasks]
Name: "autostart"; Description: "Start the kiosk when a user logs on (kiosk machines)"; Flags: unchecked
Name: "smartcard"; Description: "Set the Windows Smart Card service to start automatically"
Name: "allowcamera"; Description: "Allow desktop apps to use the camera (machine-wide policy)"; Flags: unchecked

[Dirs]
; Where the system-wide config lives (terminal/paths.py: system_config_file on Windows).
Name: "{commonappdata}\checkin\checkin-terminal"

[Files]
; The whole one-folder bundle: checkin.exe, checkin-kiosk.exe and _internal\ (Python, Qt with its
; plugins, OpenCV, dlib and the face models, fonts, our packages' data).
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\checkin.sample.toml"; DestDir: "{app}"; DestName: "checkin.sample.toml"; Flags: ignoreversion
; The config IT edits: written on first install only, kept on upgrade and on uninstall (like the
; .deb's conffile).
Source: "..\checkin.sample.toml"; DestDir: "{commonappdata}\checkin\checkin-terminal"; DestName: "checkin.toml"; Flags: onlyifdoesntexist uninsneveruninstall

[Icons]
Name: "{group}\Clinic check-in"; Filename: "{app}\checkin-kiosk.exe"; Parameters: "run"; WorkingDir: "{app}"
Name: "{group}\Check this kiosk (doctor)"; Filename: "{cmd}"; Parameters: "/k ""{app}\checkin.exe"" doctor"; WorkingDir: "{app}"
Name: "{commonstartup}\Clinic check-in kiosk"; Filename: "{app}\checkin-kiosk.exe"; Parameters: "run"; WorkingDir: "{app}"; Tasks: autostart

[Registry]
Root: HKLM; Subkey: "SOFTWARE\Microsoft\Windows\CurrentVersion\CapabilityAccessManager\ConsentStore\webcam"; ValueType: string; ValueName: "Value"; ValueData: "Allow"; Tasks: allowcamera

[Run]
Filename: "{sys}\sc.exe"; Parameters: "config SCardSvr start= auto"; Flags: runhidden waituntilterminated; Tasks: smartcard
Filename: "{sys}\sc.exe"; Parameters: "start SCardSvr"; Flags: runhidden waituntilterminated; Tasks: smartcard

[UninstallDelete]
; Anything the program left in its own folder; per-user data (queue, logs) stays in each user's
; %LOCALAPPDATA%\checkin\checkin-terminal: it may hold check-ins not yet delivered.
Type: filesandordirs; Name: "{app}"
