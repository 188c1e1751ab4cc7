using Pneumo.Modeling;
using Pneumo.Training;
using Pneumo.Training.Augmentation;
using TorchSharp;
using static TorchSharp.torch;

namespace Pneumo.Tests.Training;

/// <summary>Training and inference steps leave no native tensor behind (the classic TorchSharp bug).</summary>
[Collection(TorchCollection.Name)]
public class LeakTests
{
    [Theory]
    [InlineData("small", false)]
    [InlineData("small", true)]
    [InlineData("resnet18", true)]
    public void TrainAndPredictSteps_LeaveNoLiveTensors(string kind, bool metadata)
    {
        torch.manual_seed(1);
        using var model = new PneumothoraxClassifier(Architectures.Get(kind), metadata);
        using var optimizer = optim.AdamW(model.parameters(), 1e-3);
        using var posWeight = tensor(new[] { 3f });
        var transforms = new IBatchTransform[] { new RandomAffine(), new RandomBrightnessContrast(), new RandomHorizontalFlip() };
        void Step(int i)
        {
            using var scope = NewDisposeScope();
            var images = rand(4, 1, 64, 64);
            var meta = rand(4, 4);
            var labels = tensor(new[] { 0f, 1f, 0f, 1f });
            TrainingStep.Run(model, optimizer, images, meta, labels, posWeight, transforms, new Random(i)); // the trainer's own step
            model.eval();
            using (no_grad()) model.forward(images, meta).sigmoid();
            model.train();
        }
        Step(0); // optimizer state and gradients are created on the first step and then live on
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        long totalBefore = Tensor.TotalCount;
        for (int i = 1; i <= 5; i++) Step(i);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.Equal(totalBefore, Tensor.TotalCount);
    }
}
