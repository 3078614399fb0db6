namespace Bayu.Fhir;

internal static class AssemblyMarker;
