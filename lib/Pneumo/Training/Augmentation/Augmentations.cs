namespace Pneumo.Training.Augmentation;

/// <summary>The augmentation of a training configuration, in the order it is applied (classification and segmentation alike).</summary>
public static class Augmentations
{
    /// <summary>Affine and brightness/contrast when <see cref="TrainingConfig.Augment"/>, flips when asked, wires at their share.</summary>
    public static IBatchTransform[] For(TrainingConfig config)
    {
        var transforms = new List<IBatchTransform>();
        if (config.Augment) transforms.AddRange([new RandomAffine(), new RandomBrightnessContrast()]);
        if (config.HorizontalFlip) transforms.Add(new RandomHorizontalFlip());
        if (config.Wires > 0) transforms.Add(new RandomWires(config.Wires));
        return transforms.ToArray();
    }
}
