namespace Bayu.Storage;

internal static class AssemblyMarker;
