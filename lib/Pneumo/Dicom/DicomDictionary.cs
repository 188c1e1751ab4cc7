namespace Pneumo.Dicom;

/// <summary>
/// The tag dictionary (PS3.6): keyword and VR of the attributes the workbook uses, plus the common patient, study,
/// series, equipment and image attributes. Implicit VR files need it to know how to read a value.
/// </summary>
public static class DicomDictionary
{
    /// <summary>One dictionary entry.</summary>
    /// <param name="Tag">The tag.</param>
    /// <param name="VR">Its value representation (the first one where the standard allows several).</param>
    /// <param name="Keyword">Its keyword, e.g. <c>PatientAge</c>.</param>
    public sealed record Entry(DicomTag Tag, DicomVR VR, string Keyword);

    private static readonly Dictionary<uint, Entry> ByTag;
    private static readonly Dictionary<string, Entry> ByKeyword;

    static DicomDictionary()
    {
        ByTag = new Dictionary<uint, Entry>();
        ByKeyword = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in Table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            DicomTag.TryParse(parts[0], out var tag);
            var entry = new Entry(tag, DicomVRInfo.Parse(parts[1]), parts[2]);
            ByTag[tag.Value] = entry;
            ByKeyword[entry.Keyword] = entry;
        }
    }

    /// <summary>All entries, in tag order.</summary>
    public static IEnumerable<Entry> Entries => ByTag.Values.OrderBy(e => e.Tag);

    /// <summary>The entry for <paramref name="tag"/>, or null for tags not in the dictionary.</summary>
    public static Entry? Find(DicomTag tag) => ByTag.GetValueOrDefault(tag.Value);

    /// <summary>The entry for a keyword such as <c>PatientAge</c> (case-insensitive), or null.</summary>
    public static Entry? Find(string keyword) => ByKeyword.GetValueOrDefault(keyword);

    /// <summary>The keyword of <paramref name="tag"/>, or null.</summary>
    public static string? KeywordOf(DicomTag tag) => Find(tag)?.Keyword;

    /// <summary>
    /// The VR an implicit VR file implies for <paramref name="tag"/>: the dictionary's, UL for group lengths, LO for
    /// private creators, else UN.
    /// </summary>
    public static DicomVR ImpliedVR(DicomTag tag)
    {
        if (ByTag.TryGetValue(tag.Value, out var e)) return e.VR;
        if (tag.Element == 0) return DicomVR.UL;
        if (tag.IsPrivate && tag.Element is >= 0x0010 and <= 0x00FF) return DicomVR.LO;
        if (tag.Group is >= 0x6000 and <= 0x60FF && (tag.Group & 1) == 0)
            return Find(new DicomTag(0x6000, tag.Element))?.VR ?? DicomVR.UN; // overlay repeating group
        return DicomVR.UN;
    }

    private const string Table = """
        0002,0000 UL FileMetaInformationGroupLength
        0002,0001 OB FileMetaInformationVersion
        0002,0002 UI MediaStorageSOPClassUID
        0002,0003 UI MediaStorageSOPInstanceUID
        0002,0010 UI TransferSyntaxUID
        0002,0012 UI ImplementationClassUID
        0002,0013 SH ImplementationVersionName
        0002,0016 AE SourceApplicationEntityTitle
        0008,0005 CS SpecificCharacterSet
        0008,0008 CS ImageType
        0008,0012 DA InstanceCreationDate
        0008,0013 TM InstanceCreationTime
        0008,0016 UI SOPClassUID
        0008,0018 UI SOPInstanceUID
        0008,0020 DA StudyDate
        0008,0021 DA SeriesDate
        0008,0022 DA AcquisitionDate
        0008,0023 DA ContentDate
        0008,002A DT AcquisitionDateTime
        0008,0030 TM StudyTime
        0008,0031 TM SeriesTime
        0008,0032 TM AcquisitionTime
        0008,0033 TM ContentTime
        0008,0050 SH AccessionNumber
        0008,0060 CS Modality
        0008,0064 CS ConversionType
        0008,0070 LO Manufacturer
        0008,0080 LO InstitutionName
        0008,0090 PN ReferringPhysicianName
        0008,1010 SH StationName
        0008,1030 LO StudyDescription
        0008,103E LO SeriesDescription
        0008,1090 LO ManufacturerModelName
        0008,1140 SQ ReferencedImageSequence
        0008,1150 UI ReferencedSOPClassUID
        0008,1155 UI ReferencedSOPInstanceUID
        0008,2111 ST DerivationDescription
        0010,0010 PN PatientName
        0010,0020 LO PatientID
        0010,0030 DA PatientBirthDate
        0010,0040 CS PatientSex
        0010,1010 AS PatientAge
        0010,1020 DS PatientSize
        0010,1030 DS PatientWeight
        0010,4000 LT PatientComments
        0018,0010 LO ContrastBolusAgent
        0018,0015 CS BodyPartExamined
        0018,0050 DS SliceThickness
        0018,0060 DS KVP
        0018,0088 DS SpacingBetweenSlices
        0018,1000 LO DeviceSerialNumber
        0018,1020 LO SoftwareVersions
        0018,1030 LO ProtocolName
        0018,1110 DS DistanceSourceToDetector
        0018,1111 DS DistanceSourceToPatient
        0018,1150 IS ExposureTime
        0018,1151 IS XRayTubeCurrent
        0018,1152 IS Exposure
        0018,1164 DS ImagerPixelSpacing
        0018,5100 CS PatientPosition
        0018,5101 CS ViewPosition
        0020,000D UI StudyInstanceUID
        0020,000E UI SeriesInstanceUID
        0020,0010 SH StudyID
        0020,0011 IS SeriesNumber
        0020,0012 IS AcquisitionNumber
        0020,0013 IS InstanceNumber
        0020,0020 CS PatientOrientation
        0020,0032 DS ImagePositionPatient
        0020,0037 DS ImageOrientationPatient
        0020,0052 UI FrameOfReferenceUID
        0020,0060 CS Laterality
        0020,1041 DS SliceLocation
        0020,4000 LT ImageComments
        0028,0002 US SamplesPerPixel
        0028,0004 CS PhotometricInterpretation
        0028,0006 US PlanarConfiguration
        0028,0008 IS NumberOfFrames
        0028,0009 AT FrameIncrementPointer
        0028,0010 US Rows
        0028,0011 US Columns
        0028,0030 DS PixelSpacing
        0028,0034 IS PixelAspectRatio
        0028,0100 US BitsAllocated
        0028,0101 US BitsStored
        0028,0102 US HighBit
        0028,0103 US PixelRepresentation
        0028,0106 US SmallestImagePixelValue
        0028,0107 US LargestImagePixelValue
        0028,0301 CS BurnedInAnnotation
        0028,1040 CS PixelIntensityRelationship
        0028,1041 SS PixelIntensityRelationshipSign
        0028,1050 DS WindowCenter
        0028,1051 DS WindowWidth
        0028,1052 DS RescaleIntercept
        0028,1053 DS RescaleSlope
        0028,1054 LO RescaleType
        0028,1055 LO WindowCenterWidthExplanation
        0028,1056 CS VOILUTFunction
        0028,2110 CS LossyImageCompression
        0028,2112 DS LossyImageCompressionRatio
        0028,2114 CS LossyImageCompressionMethod
        0028,3000 SQ ModalityLUTSequence
        0028,3010 SQ VOILUTSequence
        0032,1060 LO RequestedProcedureDescription
        0040,0244 DA PerformedProcedureStepStartDate
        0040,0253 SH PerformedProcedureStepID
        0040,0254 LO PerformedProcedureStepDescription
        0040,A040 CS ValueType
        0040,A043 SQ ConceptNameCodeSequence
        0040,A730 SQ ContentSequence
        0008,0100 SH CodeValue
        0008,0102 SH CodingSchemeDesignator
        0008,0104 LO CodeMeaning
        3004,000C DS GridFrameOffsetVector
        3004,000E DS DoseGridScaling
        300A,00B0 SQ BeamSequence
        6000,0010 US OverlayRows
        6000,0011 US OverlayColumns
        6000,3000 OW OverlayData
        7FE0,0008 OF FloatPixelData
        7FE0,0009 OD DoubleFloatPixelData
        7FE0,0010 OB PixelData
        FFFA,FFFA SQ DigitalSignaturesSequence
        FFFC,FFFC OB DataSetTrailingPadding
        """;
}
