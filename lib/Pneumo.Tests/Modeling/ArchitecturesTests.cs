using Pneumo.Modeling;
using Pneumo.Training;

namespace Pneumo.Tests.Modeling;

/// <summary>The backbone registry: every name builds what it says, and the rules that read it name the registry's own lists.</summary>
[Collection(TorchCollection.Name)]
public class ArchitecturesTests
{
    [Fact]
    public void EveryArchitecture_BuildsABackboneWithItsPyramidAndStem()
    {
        foreach (var a in Architectures.All)
        {
            using var backbone = a.BuildBackbone();
            Assert.Equal(a.HasPyramid, backbone is IEncoder);
            Assert.IsAssignableFrom<IBackbone>(backbone);
            var names = backbone.state_dict().Keys.ToHashSet();
            if (a.Pretrainable) Assert.Contains(a.StemKey, names); // where torchvision's weights go
            Assert.Same(a, Architectures.Get(a.Name.ToUpperInvariant()));
        }
        Assert.Same(Architectures.Small, Architectures.Get("compact"));
    }

    [Fact]
    public void UnknownNames_AndRulesThatReadTheRegistry_AreOneLineErrors()
    {
        Assert.Equal("unknown model 'vgg16': small, resnet18, resnet34, resnet50 or densenet121",
            Assert.Throws<ArgumentException>(() => Architectures.Get("vgg16")).Message);
        Assert.Equal("task segmentation: the U-Net takes small, resnet18, resnet34 or resnet50 as its encoder, not densenet121",
            Assert.Throws<ArgumentException>(() => new TrainingConfig { Task = TrainingTask.Segmentation, Model = "densenet121" }.Validate()).Message);
        Assert.Equal("initWeights: small has no pretrained weights; use resnet18, resnet34, resnet50 or densenet121",
            Assert.Throws<ArgumentException>(() => new TrainingConfig { InitWeights = "x.pth" }.Validate()).Message);
        Assert.Equal("small has no torchvision counterpart: resnet18, resnet34, resnet50 or densenet121",
            Assert.Throws<ArgumentException>(() => WeightsCheck.Run("x.pth", "small")).Message);
    }
}
