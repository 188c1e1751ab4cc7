using System.Diagnostics;
using System.Text.RegularExpressions;
using Pneumo.Dicom;

namespace Pneumo.Tests.Runner;

/// <summary>
/// The six notebooks run end to end on a tiny synthetic sample (shrunken parameters, as CI runs them), the published
/// pages render every Plotly chart in headless Chromium with no network, and no patient identifier reaches results/.
/// </summary>
[Collection(TorchCollection.Name)]
public class WorkbookSiteTests
{
    [Fact]
    public async Task Notebooks_RunOnATinySample_PublishAnOfflineSiteWithoutIdentifiers()
    {
        using var tmp = TestFiles.NewTempFolder();
        var results = tmp.File("results");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Pneumo.Cli.dll"));
        foreach (var a in new[] { "notebooks", "run", "--out", results, "-p", "folds=3" }) psi.ArgumentList.Add(a); // folds as a notebook parameter
        psi.Environment["PNEUMO_OUTPUT_ROOT"] = tmp.Path;
        psi.Environment["PNEUMO_SAMPLE_COUNT"] = "30";
        psi.Environment["PNEUMO_SAMPLE_SIZE"] = "128";
        psi.Environment["PNEUMO_IMAGE_SIZE"] = "64";
        psi.Environment.Remove("PNEUMO_FOLDS");
        psi.Environment["PNEUMO_EPOCHS"] = "2";
        psi.Environment["PNEUMO_BATCH_SIZE"] = "8";
        psi.Environment["PNEUMO_COMPARE_FUSION"] = "1"; // opt-in: 04 trains the fusion counterpart, 05 compares
        psi.Environment.Remove("PNEUMO_DATA");
        using (var process = Process.Start(psi)!)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(15));
            await process.WaitForExitAsync(limit.Token);
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await stdout}\n{await stderr}");
        }

        string[] pages = ["01-eda", "02-cleaning", "03-stratified-kfold", "04-training", "05-results", "06-segmentation", "index", "runs"];
        // -p folds=3: an injected-parameters cell after each parameters cell, and three folds.
        foreach (var page in pages[..5])
        {
            using var notebook = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "notebooks", page + ".ipynb")));
            var cells = notebook.RootElement.GetProperty("cells").EnumerateArray().ToList();
            int at = cells.FindIndex(c => c.GetProperty("metadata").TryGetProperty("tags", out var t) && t.EnumerateArray().Any(x => x.GetString() == "parameters"));
            Assert.True(at > 0, $"{page}: no parameters cell");
            Assert.Equal("injected-parameters", cells[at + 1].GetProperty("metadata").GetProperty("tags")[0].GetString());
            Assert.Contains("parameters.Training = parameters.Training with { Folds = 3 };",
                string.Concat(cells[at + 1].GetProperty("source").EnumerateArray().Select(l => l.GetString())));
        }
        var sampleSettings = Pneumo.Workbook.WorkbookSettings.From(new Pneumo.Workbook.StudyParameters { SampleCount = 30, SampleSize = 128 }, tmp.Path);
        var foldsFile = File.ReadAllLines(sampleSettings.FoldsFile).Skip(1).Select(l => l.Split(',')[^1]).Distinct().Order().ToList();
        Assert.Equal(["0", "1", "2"], foldsFile);
        Assert.True(File.Exists(Path.Combine(results, "index.html")));
        foreach (var page in pages)
        {
            if (page is not ("index" or "runs")) Assert.Contains("\"output_type\"", File.ReadAllText(Path.Combine(results, "notebooks", page + ".ipynb")));
            var html = Path.Combine(results, page + ".html");
            int charts = Regex.Matches(File.ReadAllText(html), "class=\"pneumo-chart\"").Count;
            var (code, dom, _) = ExternalTool.Run("chromium", [.. Chromium(tmp.File("chrome-" + page)), "--virtual-time-budget=15000", "--dump-dom", new Uri(html).AbsoluteUri], timeoutMs: 120_000);
            Assert.Equal(0, code);
            Assert.True(Regex.Matches(dom, "class=\"main-svg\"").Count >= charts, $"{page}: {charts} chart(s) but not all rendered as SVG");
            Assert.DoesNotContain(">plotly.js is not loaded</div>", dom); // the fallback text a chart shows without plotly.js
            // kept with the test results; 01 and 05 whole (the gallery and the strata are near their ends)
            var shot = Path.Combine(JupyterKernelTests.WorkbookRoot(), "lib", "Pneumo.Tests", "TestResults", "screenshots", "site", page + ".png");
            Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
            string window = page is "01-eda" or "05-results" ? "--window-size=1200,16000" : "--window-size=1200,2400";
            ExternalTool.Run("chromium", [.. Chromium(tmp.File("chrome-shot-" + page)), "--virtual-time-budget=15000", window, "--screenshot=" + shot,
                new Uri(html).AbsoluteUri], timeoutMs: 120_000);
            Assert.True(new FileInfo(shot).Length > 10_000, $"{page}: screenshot missing or empty");
        }
        Assert.True(Regex.Matches(File.ReadAllText(Path.Combine(results, "01-eda.html")), "class=\"pneumo-chart\"").Count >= 3);
        var index = File.ReadAllText(Path.Combine(results, "index.html"));
        Assert.Contains("ROC AUC <b>", index); // the latest run's headline
        Assert.Contains("./pneumo workbook</code>", index);
        Assert.Single(Regex.Matches(index, "class=\"pneumo-chart\"")); // its small ROC
        Assert.Contains("finished", File.ReadAllText(Path.Combine(results, "runs.html")));
        Assert.True(Regex.Matches(File.ReadAllText(Path.Combine(results, "05-results.html")), "data:image/png;base64").Count >= 4, "Grad-CAM galleries");
        // Every notebook after the first data look says what it found, in sentences written from the run's figures.
        foreach (var (page, words) in new[] { ("01-eda", "pneumothorax rate is highest for"), ("02-cleaning", "Every input is accounted for"),
                     ("03-stratified-kfold", "No patient has images in two folds"), ("04-training", "Inner-validation AUC per fold"), ("05-results", "Pooled out of fold the model reaches ROC AUC") })
        {
            var text = File.ReadAllText(Path.Combine(results, page + ".html"));
            Assert.Contains("pneumo-finding", text);
            Assert.Contains(words, System.Net.WebUtility.HtmlDecode(text));
        }
        var results05 = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(results, "05-results.html")));
        Assert.Contains("paired p (DeLong)", results05);
        Assert.Contains("with age, sex and view fused", results05); // the fusion counterpart trained by 04 is compared
        Assert.Contains("AgeBand", results05);
        // the hidden strata from the sample's device labels, and the size bands
        Assert.Contains("with a chest drain", results05);
        Assert.Contains("false-positive rate (95% CI)", results05);
        Assert.Contains("0.4% to 1.8%", results05);
        // 01's gallery: four normal films and four with their masks (besides the AP/PA pair), captioned with lesion sizes
        var eda = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(results, "01-eda.html")));
        Assert.True(Regex.Matches(eda, "data:image/png;base64").Count >= 4 + 8, "01: the AP/PA pair and the eight-film gallery");
        Assert.Equal(4, Regex.Matches(eda, @"pneumothorax, (AP|PA), lesion \d").Count);
        // no segmentation run on the tiny sample: 06 says how to make one instead of failing
        Assert.Contains("./pneumo study --task segmentation", System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(results, "06-segmentation.html"))));

        // No patient name or ID from any DICOM header appears anywhere under results/.
        var identifiers = Directory.GetFiles(Path.Combine(tmp.Path, "data", "raw"), "*.dcm", SearchOption.AllDirectories)
            .Select(f => { try { return DicomFile.OpenHeader(f).Dataset; } catch (DicomException) { return null; } })
            .Where(d => d is not null)
            .SelectMany(d => new[] { d!.GetString(DicomTags.PatientID), d.GetString(DicomTags.PatientName) })
            .Where(s => !string.IsNullOrEmpty(s)).Distinct().ToList();
        Assert.True(identifiers.Count >= 30);
        foreach (var file in Directory.GetFiles(results, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".png", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (var id in identifiers) Assert.False(text.Contains(id!, StringComparison.Ordinal), $"{file} contains the patient identifier {id}");
        }
    }

    private static string[] Chromium(string profile) =>
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile];
}
