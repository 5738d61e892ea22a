; ClusterPolicy 产业集群政策评估 — Windows x64 installer (NSIS 3, built on Linux by build.py).
;
; makensis -DVERSION=0.1.0 -DSTAGE=<staged files> -DOUTFILE=<setup.exe> clusterpolicy.nsi
;
; * Chinese and English installer UI (the language dialog picks the system's by default);
; * per-user install without administrator rights (default %LOCALAPPDATA%\Programs\ClusterPolicy),
;   all-users install (Program Files) when run elevated and chosen, or with /AllUsers;
; * Start-menu entries (the app, the self-test), an optional desktop shortcut, the .cpa
;   association (double-click opens the project);
; * the uninstaller removes only what the installer wrote: the user's projects, remembered
;   mappings (%APPDATA%\ClusterPolicy) and logs (%LOCALAPPDATA%\ClusterPolicy\logs) stay;
; * nothing here touches the network.

Unicode true
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !error "pass -DVERSION=x.y.z"
!endif
!ifndef STAGE
  !error "pass -DSTAGE=<folder with Python\, pkgs\ and the launcher files>"
!endif
!ifndef OUTFILE
  !define OUTFILE "ClusterPolicy-${VERSION}-win64-setup.exe"
!endif

!define PRODUCT "ClusterPolicy"
!define PRODUCT_ZH "产业集群政策评估"
!define PUBLISHER "ClusterPolicy"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT}"
!define PROGID "ClusterPolicy.Project"
!define ICON "clusterpolicy.ico"
!define APP_ARGS '-m clusterpolicy.gui.app'

Name "${PRODUCT} ${PRODUCT_ZH} ${VERSION}"
OutFile "${OUTFILE}"
BrandingText "${PRODUCT} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "FileDescription" "${PRODUCT} ${PRODUCT_ZH} installer"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_INSTALLMODE_DEFAULT_CURRENTUSER
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "${PRODUCT}"
!include MultiUser.nsh
!include MUI2.nsh
!include FileFunc.nsh
!include LogicLib.nsh

!define MUI_ICON "${STAGE}\${ICON}"
!define MUI_UNICON "${STAGE}\${ICON}"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_FINISHPAGE_RUN "$INSTDIR\Python\pythonw.exe"
!define MUI_FINISHPAGE_RUN_PARAMETERS "${APP_ARGS}"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunApp)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString SecApp ${LANG_SIMPCHINESE} "产业集群政策评估（必需）"
LangString SecApp ${LANG_ENGLISH} "ClusterPolicy (required)"
LangString SecDesktop ${LANG_SIMPCHINESE} "桌面快捷方式"
LangString SecDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString SecAssoc ${LANG_SIMPCHINESE} "用本软件打开 .cpa 项目文件"
LangString SecAssoc ${LANG_ENGLISH} "Open .cpa project files with ClusterPolicy"
LangString AppLink ${LANG_SIMPCHINESE} "产业集群政策评估"
LangString AppLink ${LANG_ENGLISH} "ClusterPolicy"
LangString SelfTestLink ${LANG_SIMPCHINESE} "自检 Self-test"
LangString SelfTestLink ${LANG_ENGLISH} "Self-test 自检"
LangString UninstallLink ${LANG_SIMPCHINESE} "卸载"
LangString UninstallLink ${LANG_ENGLISH} "Uninstall"
LangString ProjectType ${LANG_SIMPCHINESE} "产业集群政策评估项目"
LangString ProjectType ${LANG_ENGLISH} "ClusterPolicy project"
LangString RunApp ${LANG_SIMPCHINESE} "启动产业集群政策评估"
LangString RunApp ${LANG_ENGLISH} "Start ClusterPolicy"
LangString Compiling ${LANG_SIMPCHINESE} "正在预编译程序文件……"
LangString Compiling ${LANG_ENGLISH} "Byte-compiling the program files…"

Section "!$(SecApp)" SecApp
  SectionIn RO
  ; an upgrade replaces the program folders, never anything else
  RMDir /r "$INSTDIR\Python"
  RMDir /r "$INSTDIR\pkgs"
  SetOutPath "$INSTDIR"
  File "${STAGE}\${ICON}"
  File "${STAGE}\clusterpolicy.cmd"
  File "${STAGE}\self-test.cmd"
  File "${STAGE}\README.txt"
  SetOutPath "$INSTDIR\Python"
  File /r "${STAGE}\Python\*.*"
  SetOutPath "$INSTDIR\pkgs"
  File /r "${STAGE}\pkgs\*.*"

  DetailPrint "$(Compiling)"
  nsExec::ExecToLog '"$INSTDIR\Python\python.exe" -m compileall -q -j 0 "$INSTDIR\pkgs"'
  Pop $0

  ; the working folder of the shortcuts is the user's Documents folder
  SetOutPath "$DOCUMENTS"
  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  CreateShortCut "$SMPROGRAMS\${PRODUCT}\$(AppLink).lnk" "$INSTDIR\Python\pythonw.exe" \
    '${APP_ARGS}' "$INSTDIR\${ICON}"
  CreateShortCut "$SMPROGRAMS\${PRODUCT}\$(SelfTestLink).lnk" "$INSTDIR\self-test.cmd" "" \
    "$INSTDIR\${ICON}"
  CreateShortCut "$SMPROGRAMS\${PRODUCT}\$(UninstallLink).lnk" "$INSTDIR\uninstall.exe"
  SetOutPath "$INSTDIR"

  WriteUninstaller "$INSTDIR\uninstall.exe"
  ; marks a per-user install for the uninstaller
  ${If} $MultiUser.InstallMode == "CurrentUser"
    FileOpen $0 "$INSTDIR\.per-user" w
    FileClose $0
  ${EndIf}
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT} ${PRODUCT_ZH}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${ICON}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "$(SecDesktop)" SecDesktop
  SetOutPath "$DOCUMENTS"
  CreateShortCut "$DESKTOP\$(AppLink).lnk" "$INSTDIR\Python\pythonw.exe" '${APP_ARGS}' \
    "$INSTDIR\${ICON}"
  SetOutPath "$INSTDIR"
SectionEnd

Section "$(SecAssoc)" SecAssoc
  WriteRegStr SHCTX "Software\Classes\.cpa" "" "${PROGID}"
  WriteRegStr SHCTX "Software\Classes\.cpa" "Content Type" "application/x-clusterpolicy-project"
  WriteRegStr SHCTX "Software\Classes\${PROGID}" "" "$(ProjectType)"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\${ICON},0"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\shell\open\command" "" \
    '"$INSTDIR\Python\pythonw.exe" ${APP_ARGS} "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Function .onInit
  !insertmacro MULTIUSER_INIT
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  !insertmacro MULTIUSER_UNINIT
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "Uninstall"
  ; only what the installer wrote; RMDir without /r keeps a folder that is not empty (a project
  ; the user saved in the program folder, for example)
  RMDir /r "$INSTDIR\Python"
  RMDir /r "$INSTDIR\pkgs"
  Delete "$INSTDIR\${ICON}"
  Delete "$INSTDIR\clusterpolicy.cmd"
  Delete "$INSTDIR\self-test.cmd"
  Delete "$INSTDIR\README.txt"
  Delete "$INSTDIR\.per-user"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}\*.lnk"
  RMDir "$SMPROGRAMS\${PRODUCT}"
  Delete "$DESKTOP\产业集群政策评估.lnk"
  Delete "$DESKTOP\ClusterPolicy.lnk"
  ReadRegStr $0 SHCTX "Software\Classes\.cpa" ""
  ${If} $0 == "${PROGID}"
    DeleteRegKey SHCTX "Software\Classes\.cpa"
  ${EndIf}
  DeleteRegKey SHCTX "Software\Classes\${PROGID}"
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
!insertmacro MUI_FUNCTION_DESCRIPTION_END
