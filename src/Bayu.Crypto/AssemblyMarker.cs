namespace Bayu.Crypto;

internal static class AssemblyMarker;
