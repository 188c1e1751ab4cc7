using Pneumo.Synthesis.Radiograph;

namespace Pneumo.Synthesis;

/// <summary>
/// The version 3 film renderer: a chest radiograph composed of one piece per concern, in the order the tissues lie in
/// the beam's path — soft tissue (<see cref="SoftTissue"/>), lungs and mediastinum (<see cref="Mediastinum"/>), a
/// pneumothorax's pleural space (<see cref="PleuralSpace"/>), lung tissue (<see cref="Parenchyma"/>), bone
/// (<see cref="Skeleton"/>), devices and mimics (<see cref="DeviceDrawing"/>, <see cref="SkinFold"/>), then the detector
/// (<see cref="Exposure"/>) and the burned-in markers (<see cref="BurnedInText"/>). The same spec and devices always give
/// the same pixels.
/// </summary>
public static class ChestRadiograph
{
    /// <summary>Renders <paramref name="spec"/> with <paramref name="devices"/> (<see cref="FilmDevices.None"/> for a bare film).</summary>
    public static ChestFilmSynthesizer.Film Render(ChestFilmSpec spec, FilmDevices devices)
    {
        var rng = new Random(spec.Seed);
        var film = new FilmCanvas(spec.Size, new FilmAnatomy(spec, rng));
        var exposure = new Exposure(film.Anatomy.Ap, rng);
        SoftTissue.Draw(film, rng);
        Mediastinum.Draw(film, rng);
        var masks = PleuralSpace.Draw(film, spec.Regions);
        Parenchyma.Draw(film, rng);
        Skeleton.Draw(film, rng);
        if (devices != FilmDevices.None)
        {
            var layer = DeviceDrawing.Draw(spec.Size, new Random(spec.Seed ^ 0x5EED), film.Anatomy, devices);
            for (int i = 0; i < layer.Length; i++) film.Density[i] += 0.22f * layer[i] / 255f;
        }
        if (devices.SkinFold) SkinFold.Draw(film, new Random(spec.Seed ^ 0xF01D));
        var pixels = exposure.Develop(film.Density, spec.Size, spec.Seed * 7919 + 17);
        BurnedInText.Burn(pixels, spec.Size, film.Anatomy, rng);
        return new ChestFilmSynthesizer.Film(pixels, masks, devices.EcgLeads);
    }

    /// <summary>
    /// The share of the image that <paramref name="region"/> of a film of <paramref name="spec"/> covers, counted on a
    /// <paramref name="grid"/> x <paramref name="grid"/> raster of the geometry <see cref="Render"/> draws: what
    /// <see cref="LesionPlanner"/> sizes regions with.
    /// </summary>
    public static double RegionArea(ChestFilmSpec spec, PneumothoraxRegion region, int grid = 256)
    {
        var anatomy = new FilmAnatomy(spec, new Random(spec.Seed));
        return PleuralSpace.Area(region, region.RightLung ? anatomy.RightLung : anatomy.LeftLung, grid);
    }
}
