using System.Text;
using Pneumo.Data;
using Pneumo.Masks;

namespace Pneumo.Tests.Data;

public class LabelFileTests
{
    private const string KaggleStyle = "ImageId, EncodedPixels\nA, -1\nB, 0 5\nB, 3 4\nC, 10 2\nC, 20 1\nD, 1 1\n";
    private const string PlainStyle = "ImageId,EncodedPixels\nA,-1\nB,0 5\nB,3 4\nC,10 2\nC,20 1\nD,1 1\n";

    [Theory]
    [InlineData(KaggleStyle)]
    [InlineData(PlainStyle)]
    public void Statistics_HandMadeCsv_BothValueStyles(string csv)
    {
        var labels = LabelFile.Parse(csv, "train-rle.csv");
        var s = LabelStatistics.Compute(labels, 8, 4);
        // B: 0-4 and 3-6 overlap -> union 7; C: 10-11 and 20 -> 3; D: 1 -> 1
        Assert.Equal(new LabelStatistics(Rows: 6, Images: 4, PositiveImages: 3, NegativeImages: 1, PositiveRows: 5,
            MultiRowImages: 2, OverlappingImages: 1, MaskPixels: 11), s);
        Assert.Equal(1, labels.LabelOf("B"));
        Assert.Equal(0, labels.LabelOf("A"));
        Assert.Null(labels.LabelOf("Z"));
        Assert.Equal(7, labels.MaskOf("B", 8, 4).Area);
    }

    [Fact]
    public void RegionsOf_MalformedValue_NamesImageAndLine()
    {
        var labels = LabelFile.Parse("ImageId, EncodedPixels\nA, -1\nB, 1 2 3\n", "train-rle.csv");
        var ex = Assert.Throws<LabelFileException>(() => labels.RegionsOf("B"));
        Assert.Equal("train-rle.csv: line 3: image B: run-length mask has an odd number of values (3)", ex.Message);
    }

    [Theory]
    [InlineData("Id,Pixels\nA,-1\n", "line 1: expected the header")]
    [InlineData("ImageId, EncodedPixels\nA -1\n", "line 2: expected 'ImageId, EncodedPixels'")]
    [InlineData("ImageId, EncodedPixels\nA, \n", "line 2: image A: empty EncodedPixels")]
    public void Parse_BadFile_NamesTheLine(string csv, string expected)
    {
        var ex = Assert.Throws<LabelFileException>(() => LabelFile.Parse(csv, "x.csv"));
        Assert.Contains(expected, ex.Message);
    }

    /// <summary>
    /// A CSV with the shape of the real stage-2 file (12,954 rows, 12,047 images, 2,669 positive, 3,576 positive rows,
    /// 624 multi-row images, 183 of them overlapping): the statistics must come out as SIIM-FORMAT.md says.
    /// </summary>
    [Fact]
    public void Statistics_CsvWithTheRealFilesShape_GivesTheKnownCounts()
    {
        var rng = new Random(3);
        var csv = new StringBuilder("ImageId, EncodedPixels\n");
        long expectedPixels = 0;
        int image = 0;
        string Id() => $"1.2.276.0.7230010.3.1.4.8323329.{1000 + image}.1517875160.{100000 + image}";
        static string Region(int start, int length) => $"{start} {length}"; // one run: the relative form starts absolute
        // 2,045 single-region positives, 341 with 2 regions, 283 with 3; 183 of the multi-region ones overlap.
        for (int i = 0; i < 2669; i++, image++)
        {
            int regions = i < 2045 ? 1 : i < 2045 + 341 ? 2 : 3;
            bool overlap = i >= 2045 && i < 2045 + 183;
            int length = 50 + rng.Next(500);
            for (int k = 0; k < regions; k++)
            {
                int start = overlap && k == 1 ? 1000 + length / 2 : 1000 + k * 200_000;
                csv.Append(Id()).Append(", ").Append(Region(start, length)).Append('\n');
            }
            expectedPixels += regions * (long)length - (overlap ? length - length / 2 : 0);
        }
        for (int i = 0; i < 9378; i++, image++) csv.Append(Id()).Append(", -1\n");
        var s = LabelStatistics.Compute(LabelFile.Parse(csv.ToString(), "stage_2_train.csv"));
        Assert.Equal(new LabelStatistics(12954, 12047, 2669, 9378, 3576, 624, 183, expectedPixels), s);
    }
}
