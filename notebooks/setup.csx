// Shared setup of the five notebooks: library references, usings, output formatters, the study's parameters.
// Build first (./pneumo builds it): the references point at the command line's build output, which holds Pneumo.dll,
// its dependencies and the patched libLibTorchSharp.so (see environment.md).
#r "../lib/Pneumo.Cli/bin/Release/net10.0/SkiaSharp.dll"
#r "../lib/Pneumo.Cli/bin/Release/net10.0/TorchSharp.dll"
#r "../lib/Pneumo.Cli/bin/Release/net10.0/Microsoft.Data.Analysis.dll"
#r "../lib/Pneumo.Cli/bin/Release/net10.0/FSharp.Core.dll"
#r "../lib/Pneumo.Cli/bin/Release/net10.0/Plotly.NET.dll"
#r "../lib/Pneumo.Cli/bin/Release/net10.0/Pneumo.dll"

using System.IO;
using Microsoft.DotNet.Interactive.Formatting;
using Pneumo.Charts;
using Pneumo.Data;
using Pneumo.Dicom;
using Pneumo.Folds;
using Pneumo.Metrics;
using Pneumo.Training;
using Pneumo.Workbook;

Formatter.Register<StudyChart>((chart, writer) => writer.Write(chart.ToHtml()), "text/html");
Formatter.Register<HtmlFragment>((fragment, writer) => writer.Write(fragment.Markup), "text/html");
Formatter.Register<Microsoft.Data.Analysis.DataFrame>((frame, writer) => writer.Write(HtmlFragment.Table(frame).Markup), "text/html");

// Parameters: PNEUMO_DATA (default: the synthetic sample, generated when missing), PNEUMO_EPOCHS, PNEUMO_FOLDS, ...
var settings = WorkbookSettings.FromEnvironment();
var study = new Study(settings);
