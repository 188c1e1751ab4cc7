using Pneumo.Data;
using Pneumo.Masks;
using Pneumo.Modeling;
using Pneumo.Segmentation;
using Pneumo.Tests.Synthesis;
using TorchSharp;
using static TorchSharp.torch;

namespace Pneumo.Tests.Segmentation;

/// <summary>The competition's Dice rules, the mask decision triplet, the U-Net's shapes, and a U-Net that learns the synthetic lesions.</summary>
[Collection(TorchCollection.Name)]
public class SegmentationTests(SyntheticSampleFixture sample) : IClassFixture<SyntheticSampleFixture>
{
    [Fact]
    public void Dice_FollowsTheCompetitionRules()
    {
        byte[] empty = [0, 0, 0, 0], a = [1, 1, 0, 0], b = [0, 1, 1, 0];
        Assert.Equal(1.0, DiceScore.Of(empty, empty));      // both empty
        Assert.Equal(0.0, DiceScore.Of(empty, a));          // a false positive mask
        Assert.Equal(0.0, DiceScore.Of(a, empty));          // a missed pneumothorax
        Assert.Equal(0.5, DiceScore.Of(a, b), 12);          // 2·1 / (2 + 2)
        Assert.Equal(1.0, DiceScore.Of(a, a));
        Assert.Throws<ArgumentException>(() => DiceScore.Of(a, [1, 0]));
    }

    [Fact]
    public void MaskDecision_TopScoreMinAreaBottomScore()
    {
        float[] weak = [0.2f, 0.3f, 0.1f, 0.0f], strong = [0.9f, 0.6f, 0.45f, 0.1f];
        var decision = new MaskDecision(TopScore: 0.5, MinArea: 2, BottomScore: 0.4);
        Assert.Equal(new byte[4], decision.Apply(weak));                  // top pixel below 0.5: empty
        Assert.Equal(new byte[] { 1, 1, 1, 0 }, decision.Apply(strong));  // pixels ≥ 0.4
        Assert.Equal(new byte[4], (decision with { MinArea = 4 }).Apply(strong)); // too small: empty
        Assert.Equal(0.9, MaskDecision.ImageScore(strong), 6);
        // chosen on labelled maps: the weak map is a normal film, the strong one's truth is its first two pixels
        var (chosen, dice) = MaskDecision.Choose([weak, strong], [new byte[4], new byte[] { 1, 1, 0, 0 }]);
        Assert.Equal(1.0, dice, 12);
        Assert.Equal(new byte[4], chosen.Apply(weak));
        Assert.Equal(new byte[] { 1, 1, 0, 0 }, chosen.Apply(strong));
    }

    [Fact]
    public void MaskDecision_Choose_AgreesWithApplyingEveryTripletOfTheGrid()
    {
        // 24 noisy 32x32 maps, half with a lesion of varying size and strength: the statistics Choose keeps per map must
        // give the same Dice as applying each triplet and scoring the masks, and nothing on the grid may beat its pick
        var random = new Random(7);
        var maps = new List<float[]>();
        var truths = new List<byte[]>();
        for (int i = 0; i < 24; i++)
        {
            var map = new float[32 * 32];
            var truth = new byte[32 * 32];
            int r = 2 + i % 5;
            float strength = 0.3f + 0.06f * (i % 11);
            for (int y = 0; y < 32; y++)
                for (int x = 0; x < 32; x++)
                {
                    bool inside = i % 2 == 0 && (x - 12) * (x - 12) + (y - 14) * (y - 14) <= r * r;
                    truth[y * 32 + x] = (byte)(inside ? 1 : 0);
                    map[y * 32 + x] = Math.Clamp((inside ? strength : 0.05f) + (float)(random.NextDouble() * 0.35), 0, 1);
                }
            maps.Add(map);
            truths.Add(truth);
        }
        var (chosen, dice) = MaskDecision.Choose(maps, truths);
        double Brute(MaskDecision d) => DiceScore.Mean(maps.Select((m, i) => DiceScore.Of(truths[i], d.Apply(m))));
        Assert.Equal(Brute(chosen), dice, 12);
        foreach (var top in MaskDecision.DefaultTopScores)
            foreach (var share in MaskDecision.DefaultMinAreaShares)
                foreach (var bottom in MaskDecision.DefaultBottomScores)
                    Assert.True(Brute(new MaskDecision(top, (int)Math.Round(share * 1024), bottom)) <= dice + 1e-12);
        Assert.InRange(dice, 0.6, 1.0); // the lesions are findable: not a degenerate all-empty pick
    }

    [Theory]
    [InlineData("small")]
    [InlineData("resnet34")]
    public void UNet_GivesOneLogitPerPixel(string encoder)
    {
        using var scope = NewDisposeScope();
        using var net = new UNet(encoder == "small" ? new CompactCnn(1) : ResNet.ResNet34(1));
        net.eval();
        using var _ = no_grad();
        var y = net.forward(randn(2, 1, 64, 64));
        Assert.Equal(new long[] { 2, 1, 64, 64 }, y.shape);
        // the encoder keeps torchvision's names under encoder.*, so pretrained weights load into it
        Assert.Contains("encoder.layer1.0.conv1.weight", new UNet(ResNet.ResNet34(1)).state_dict().Keys);
    }

    [Fact]
    public void UNet_LearnsTheSyntheticLesions()
    {
        // the easy version 2 sample: whether the U-Net and its loss fit conspicuous lesions in 60 steps (at 64 px the
        // default sample's real-sized rims are a pixel or two deep)
        using var tmp = TestFiles.NewTempFolder();
        Pneumo.Synthesis.SyntheticDataset.Generate(tmp.File("raw"), new Pneumo.Synthesis.SyntheticOptions(Count: 40, Size: 256, Seed: 5, Version: 2));
        var dataset = SiimDataset.Open(tmp.File("raw"));
        var labels = dataset.ReadLabels();
        var clean = DatasetCleaner.Clean(dataset, labels, MetadataTable.Scan(dataset, labels), verifyPixels: false).Clean;
        RefinedCache.Build(dataset, labels, clean, tmp.File("refined"), 64);
        using var cache = RefinedCache.Open(RefinedCache.FolderFor(tmp.File("refined"), 64));
        var positives = clean.Rows.Where(r => r.Label == 1).Select(r => cache.Find(r.ImageId)).OfType<RefinedEntry>().Take(8).ToList();
        Assert.True(positives.Count >= 6, $"{positives.Count} positive films cached");
        var images = new byte[positives.Count * 64 * 64];
        var masks = new byte[positives.Count * 64 * 64];
        for (int i = 0; i < positives.Count; i++)
        {
            cache.ReadImage(positives[i], images.AsSpan(i * 4096, 4096));
            cache.ReadMask(positives[i], masks.AsSpan(i * 4096, 4096));
        }
        torch.manual_seed(3);
        using var net = new UNet(new CompactCnn(1));
        using var optimizer = optim.AdamW(net.parameters(), 3e-3);
        var loss = new SegmentationLoss();
        double Dice()
        {
            net.eval();
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var x = tensor(images, [positives.Count, 1, 64, 64], dtype: ScalarType.Byte).to(ScalarType.Float32).div(255);
            var p = net.forward(x.sub(0.5).div(0.25)).sigmoid().data<float>().ToArray();
            var decision = new MaskDecision(0, 0, 0.5);
            return DiceScore.Mean(Enumerable.Range(0, positives.Count).Select(i => DiceScore.Of(masks.AsSpan(i * 4096, 4096), decision.Apply(p.AsSpan(i * 4096, 4096)))));
        }
        double before = Dice();
        for (int step = 0; step < 60; step++)
        {
            net.train();
            using var scope = NewDisposeScope();
            var x = tensor(images, [positives.Count, 1, 64, 64], dtype: ScalarType.Byte).to(ScalarType.Float32).div(255);
            var m = tensor(masks, [positives.Count, 1, 64, 64], dtype: ScalarType.Byte).to(ScalarType.Float32);
            optimizer.zero_grad();
            var l = loss.Compute(net.forward(x.sub(0.5).div(0.25)), m);
            l.backward();
            optimizer.step();
        }
        double after = Dice();
        Assert.True(after > 0.5 && after > before + 0.2, $"Dice {before:F3} → {after:F3}");
    }

    [Fact]
    public void OofMasks_InTheKaggleLayout_ReadBackWithTheLabelReader_AndGiveTheSameDice()
    {
        using var tmp = TestFiles.NewTempFolder();
        var truthLabels = SiimDataset.Open(sample.Root).ReadLabels();
        var ids = sample.Record.Images.Where(i => i.Quirk is null).Select(i => i.ImageId).Take(12).ToList();
        var rng = new Random(5);
        var rows = new List<(string, BinaryMask)>();
        var expected = new List<double>();
        foreach (var id in ids)
        {
            // a "prediction" at 64 px: the truth downsampled, sometimes dropped or replaced by a stray blob
            var truth = truthLabels.MaskOf(id, 256, 256);
            var small = truth.Resize(64, 64, 0.5).Pixels;
            if (rng.NextDouble() < 0.25) Array.Clear(small);
            if (rng.NextDouble() < 0.25) for (int p = 0; p < 40; p++) small[600 + p] = 1;
            var atDicomSize = KaggleMaskFile.ToDicomSize(small, 64, 256, 256);
            rows.Add((id, atDicomSize));
            expected.Add(DiceScore.Of(truth.Pixels, atDicomSize.Pixels));
        }
        var path = tmp.File("oof-masks.csv");
        KaggleMaskFile.Write(path, rows);
        Assert.StartsWith("ImageId,EncodedPixels\n", File.ReadAllText(path));
        var read = LabelFile.Read(path);
        Assert.Equal(ids.Count, read.Rows.Count);
        var recomputed = ids.Select(id => DiceScore.Of(truthLabels.MaskOf(id, 256, 256).Pixels, read.MaskOf(id, 256, 256).Pixels)).ToList();
        Assert.Equal(expected, recomputed);
        Assert.Contains(read.Rows, r => r.EncodedPixels == "-1");
        Assert.Contains(read.Rows, r => r.EncodedPixels != "-1");
    }
}
