using System.Globalization;
using System.Text.Json;
using Pneumo.Data;
using Pneumo.Metrics;
using Pneumo.Tables;
using Pneumo.Tests.Synthesis;

namespace Pneumo.Tests.Data;

/// <summary>
/// Describe, ValueCounts, Crosstab and the label rates on the synthetic sample's metadata, checked against pandas
/// (Debian's python3-pandas) on the same CSV, with missing ages planted; the Wilson interval against its formula's
/// published values.
/// </summary>
public class MetadataSummariesTests(SyntheticSampleFixture sample) : IClassFixture<SyntheticSampleFixture>
{
    private MetadataTable TableWithMissingAges()
    {
        var dataset = SiimDataset.Open(sample.Root);
        var scan = MetadataTable.Scan(dataset, dataset.ReadLabels());
        // every fifth age missing, and the images without a label row keep a null label
        return new MetadataTable(scan.Rows.Select((r, i) => i % 5 == 0 ? r with { PatientAge = null } : r).ToList());
    }

    [Fact]
    public void Describe_ValueCounts_Crosstab_AgreeWithPandas()
    {
        var table = TableWithMissingAges();
        var csv = sample.Scratch("summaries.csv");
        table.WriteCsv(csv);
        var json = ExternalTool.Python("""
import sys, json, pandas as pd
d = pd.read_csv(sys.argv[1], dtype={'PatientSex': str, 'ViewPosition': str})
out = {}
desc = d.groupby('Label')['PatientAge'].describe()
out['describe'] = {str(int(k)): [float(x) for x in row] for k, row in desc.iterrows()}
out['missingAge'] = int(d['PatientAge'].isna().sum())
out['counts'] = {str(k): int(v) for k, v in d['ViewPosition'].value_counts().items()}
ct = pd.crosstab([d['ViewPosition'], d['PatientSex']], d['Label'], margins=True)
out['crosstab'] = {'|'.join(map(str, k)) if isinstance(k, tuple) else str(k): [int(x) for x in row] for k, row in ct.iterrows()}
print(json.dumps(out))
""", csv);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        // Describe: count, mean, std, min, 25%, 50%, 75%, max per label, missing ages left out (not counted as zeros)
        var described = table.Describe(by: "Label", "PatientAge");
        foreach (var label in new[] { "0", "1" })
        {
            var expected = root.GetProperty("describe").GetProperty(label).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var row = described.Rows.Single(r => (string?)r[1] == label);
            Assert.Equal((int)expected[0], (int)row[2]!);
            string[] names = ["mean", "std", "min", "25%", "50%", "75%", "max"];
            for (int k = 0; k < names.Length; k++)
                Assert.True(Math.Abs(expected[k + 1] - (double)row[described.IndexOf(names[k])]!) < 1e-9, $"label {label} {names[k]}: pandas {expected[k + 1]}, ours {row[described.IndexOf(names[k])]}");
        }
        var all = table.Describe(columns: "PatientAge").Rows.Single();
        int missing = root.GetProperty("missingAge").GetInt32();
        Assert.True(missing >= 8, $"{missing} missing ages planted");
        Assert.Equal(missing, (int)all[2]!);
        // the pitfall: a mean over all rows with the nulls as zeros would be this much lower
        double present = table.Rows.Where(r => r.PatientAge is not null).Average(r => r.PatientAge!.Value);
        Assert.Equal(present, (double)all[3]!, 9);
        Assert.True(present * (table.Rows.Count - missing) / table.Rows.Count < present - 5);

        // ValueCounts
        foreach (var p in root.GetProperty("counts").EnumerateObject())
            Assert.Equal(p.Value.GetInt32(), (int)table.ValueCounts("ViewPosition").Row(p.Name)[1]!);

        // Crosstab view x sex against the label, with margins (images without a label are left out, as pandas does with NaN)
        var labelled = new MetadataTable(table.Rows.Where(r => r.Label is not null).ToList());
        var ct = labelled.Crosstab(["ViewPosition", "PatientSex"], "Label");
        foreach (var p in root.GetProperty("crosstab").EnumerateObject())
        {
            var expected = p.Value.EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var key = p.Name.Split('|');
            var row = ct.Rows.Single(r => key[0] == "All" ? (string?)r[0] == "All" : (string?)r[0] == key[0] && (string?)r[1] == key[1]);
            Assert.Equal(expected, row.Skip(2).Select(v => (int)v!).ToArray());
        }
    }

    [Fact]
    public void LabelRates_AreTheSharesOfPositives_WithWilsonIntervals()
    {
        var table = TableWithMissingAges();
        var rates = table.LabelRates("ViewPosition");
        foreach (var view in new[] { "AP", "PA" })
        {
            var rows = table.Rows.Where(r => r.ViewPosition == view && r.Label is not null).ToList();
            var row = rates.Row(view);
            Assert.Equal(rows.Count, (int)row[1]!);
            Assert.Equal(rows.Count(r => r.Label == 1), (int)row[2]!);
            Assert.Equal((double)rows.Count(r => r.Label == 1) / rows.Count, (double)row[3]!, 12);
            Assert.InRange((double)row[3]!, (double)row[4]!, (double)row[5]!);
        }
        Assert.Contains(MetadataSummaries.Missing, table.ValueCounts("AgeBand").Rows.Select(r => (string?)r[0]));
        Assert.Contains(table.MissingValues().Rows, r => (string?)r[0] == "PatientAge");
    }

    [Theory]
    // Newcombe (1998), Statistics in Medicine 17:857, table I: 81/263 → 0.2553–0.3662; 15/148 → 0.0624–0.1605; 0/20 → 0–0.1611
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void Wilson_MatchesPublishedIntervals(int successes, int trials, double lower, double upper)
    {
        var ci = WilsonInterval.Compute(successes, trials);
        Assert.Equal(lower, ci.Lower, 4);
        Assert.Equal(upper, ci.Upper, 4);
        Assert.Equal(1.959964, WilsonInterval.NormalQuantile(0.975), 6);
    }
}
