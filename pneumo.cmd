@echo off
rem Pneumo.Notebooks launcher for Windows: builds the `pneumo` command (Release) and runs it.
setlocal
set ROOT=%~dp0
set PNEUMO_ROOT=%~dp0
set DOTNET_CLI_TELEMETRY_OPTOUT=1
set DOTNET_NOLOGO=1
where dotnet >nul 2>nul || (echo error: the .NET SDK 10 is needed: https://dotnet.microsoft.com/download/dotnet/10.0 1>&2 & exit /b 2)
if "%~1"=="backend" (
  if "%~2"=="" (
    if exist "%ROOT%pneumo.local.props" ( type "%ROOT%pneumo.local.props" ) else ( echo torch backend: cpu )
    exit /b 0
  )
  if not "%~2"=="cpu" if not "%~2"=="cuda" ( echo error: backend must be cpu or cuda, not '%~2' 1>&2 & exit /b 2 )
  > "%ROOT%pneumo.local.props" (
    echo ^<Project^>
    echo   ^<PropertyGroup^>
    echo     ^<TorchBackend^>%~2^</TorchBackend^>
    echo   ^</PropertyGroup^>
    echo ^</Project^>
  )
  echo torch backend: %~2 ^(written to pneumo.local.props; every later build uses it^)
  exit /b 0
)
if "%~1"=="test" (
  shift
  dotnet test "%ROOT%Pneumo.Notebooks.sln" -c Release --filter "Category!=Convergence" || exit /b 1
  dotnet test "%ROOT%Pneumo.Notebooks.sln" -c Release --no-build --filter "Category=Convergence" --logger "console;verbosity=detailed" || exit /b 1
  rem the convergence tests again with LibTorch held to AVX2 (environment.md, "Instruction sets")
  setlocal
  set ATEN_CPU_CAPABILITY=avx2
  set ONEDNN_MAX_CPU_ISA=AVX2
  set MKL_ENABLE_INSTRUCTIONS=AVX2
  dotnet test "%ROOT%Pneumo.Notebooks.sln" -c Release --no-build --filter "Category=Convergence" --logger "console;verbosity=detailed"
  exit /b %ERRORLEVEL%
)
dotnet build "%ROOT%lib\Pneumo.Cli\Pneumo.Cli.csproj" -c Release -nologo -v quiet 1>&2 || (echo error: the build failed 1>&2 & exit /b 2)
dotnet "%ROOT%lib\Pneumo.Cli\bin\Release\net10.0\Pneumo.Cli.dll" %*
exit /b %ERRORLEVEL%
