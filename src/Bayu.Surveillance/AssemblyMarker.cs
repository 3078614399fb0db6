namespace Bayu.Surveillance;

internal static class AssemblyMarker;
