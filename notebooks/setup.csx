// Shared setup of the notebooks: library references and output formatters. The project's kernel then imports the
// library's namespaces for the cells that follow (Pneumo.Runner.Execution.CellExecutor.LibraryNamespaces); the
// parameters cell of each notebook follows. Build first (./pneumo builds it): the references point at the notebooks' build output
// (lib/Pneumo.Runner/bin/Release/net10.0), which holds Pneumo.dll, Pneumo.Workbook.dll, their dependencies and the
// patched libLibTorchSharp.so (see environment.md).
#r "../lib/Pneumo.Runner/bin/Release/net10.0/SkiaSharp.dll"
#r "../lib/Pneumo.Runner/bin/Release/net10.0/TorchSharp.dll"
#r "../lib/Pneumo.Runner/bin/Release/net10.0/Microsoft.Data.Analysis.dll"
#r "../lib/Pneumo.Runner/bin/Release/net10.0/FSharp.Core.dll"
#r "../lib/Pneumo.Runner/bin/Release/net10.0/Plotly.NET.dll"
#r "../lib/Pneumo.Runner/bin/Release/net10.0/Pneumo.dll"
#r "../lib/Pneumo.Runner/bin/Release/net10.0/Pneumo.Workbook.dll"
#r "../lib/Pneumo.Runner/bin/Release/net10.0/Pneumo.Runner.dll"

// Charts as Plotly's MIME type with an offline HTML fallback, tables, progress displays (the project's kernel and
// runner register them too; registering twice is harmless).
Pneumo.Runner.Display.NotebookDisplay.Register();
