namespace Bayu.Server.Tests.Architecture;

/// <summary>
/// Bayu.Crypto and Bayu.Surveillance are pure libraries (ADR 0001): they compute on what they are
/// given and hand back results; reaching the world is the hosts' job (Bayu.Storage, the server, the CLI).
/// </summary>
public class PureLibraryTests
{
    // What "I/O" means here: anything that reaches outside the process's memory. Streams, TextReader,
    // MemoryStream and the like stay allowed: a pure function may read or write a stream it is handed
    // (SeriesCsv reads CSV from a TextReader), and where that stream comes from is the caller's choice.
    // The clock (TimeProvider) is injected where it matters and is not checked here.
    // Known gap: the rule sees types, not overloads, so StreamReader(string path) or a third-party
    // reader's Create(path) would pass: those are for review to catch.
    internal static readonly string[] IoTypes =
    [
        // File system
        "System.IO.File", "System.IO.FileInfo", "System.IO.Directory", "System.IO.DirectoryInfo",
        "System.IO.FileSystemInfo", "System.IO.FileStream", "System.IO.FileSystemWatcher", "System.IO.DriveInfo",
        "System.IO.RandomAccess", "System.IO.Enumeration", "System.IO.MemoryMappedFiles", "System.IO.IsolatedStorage",
        // Other processes and devices
        "System.IO.Pipes", "System.IO.Ports", "System.Diagnostics.Process", "System.Diagnostics.ProcessStartInfo",
        // Network
        "System.Net",
        // Databases: connections and commands. Not all of System.Data: a DbDataReader or DataTable is an
        // in-memory cursor (Sylvan's CsvDataReader, which SeriesCsv reads a TextReader with, is one).
        "System.Data.IDbConnection", "System.Data.IDbCommand", "System.Data.Common.DbConnection",
        "System.Data.Common.DbCommand", "System.Data.Common.DbBatch", "System.Data.Common.DbDataSource",
        "System.Data.Common.DbDataAdapter", "System.Data.Common.DbProviderFactory", "System.Data.Common.DbProviderFactories",
        "System.Data.SqlClient", "System.Data.Odbc", "System.Data.OleDb", "Microsoft.Data", "Npgsql",
        // The terminal, and configuration read from the process environment
        "System.Console", "System.Environment",
    ];

    [Theory]
    [InlineData("Bayu.Crypto")]
    [InlineData("Bayu.Surveillance")]
    public void GivenAPureLibrary_WhenItsTypesAreRead_ThenNoneUsesAnIoType(string assembly) =>
        ModuleRules.AssertNoTypeDependsOn(assembly, "no I/O", IoTypes);
}
