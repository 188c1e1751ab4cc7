@echo off
rem Pneumo.Notebooks launcher for Windows: builds the `pneumo` command (Release) and runs it.
setlocal
set ROOT=%~dp0
set PNEUMO_ROOT=%~dp0
set DOTNET_CLI_TELEMETRY_OPTOUT=1
set DOTNET_NOLOGO=1
where dotnet >nul 2>nul || (echo error: the .NET SDK 10 is needed: https://dotnet.microsoft.com/download/dotnet/10.0 1>&2 & exit /b 2)
if "%~1"=="test" (
  shift
  dotnet test "%ROOT%Pneumo.Notebooks.sln" -c Release
  exit /b %ERRORLEVEL%
)
dotnet build "%ROOT%lib\Pneumo.Cli\Pneumo.Cli.csproj" -c Release -nologo -v quiet 1>&2 || (echo error: the build failed 1>&2 & exit /b 2)
dotnet "%ROOT%lib\Pneumo.Cli\bin\Release\net10.0\Pneumo.Cli.dll" %*
exit /b %ERRORLEVEL%
