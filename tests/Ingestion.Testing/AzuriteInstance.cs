using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Ingestion.Testing;

/// <summary>
/// A real Azurite (blob, queue and table) running as a child <c>node</c> process on free loopback ports.
/// It can be stopped and started again on the same ports, to take storage away from a running system.
/// </summary>
public sealed class AzuriteInstance(AzuriteOptions? options = null) : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development account key.</summary>
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int PortPickAttempts = 5;
    private const int SamePortAttempts = 5;
    private static readonly TimeSpan SamePortRetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly AzuriteOptions _options = options ?? new AzuriteOptions();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private AzuriteProcess? _process;
    private Ports? _ports;
    private string? _location;
    private bool _disposed;

    /// <summary>Creates an instance and starts it.</summary>
    public static async Task<AzuriteInstance> StartNewAsync(
        AzuriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var azurite = new AzuriteInstance(options);
        try
        {
            await azurite.StartAsync(cancellationToken);
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    public int BlobPort => StartedPorts.Blob;

    public int QueuePort => StartedPorts.Queue;

    public int TablePort => StartedPorts.Table;

    /// <summary>A full connection string with explicit loopback endpoints; stays valid across stop and start.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};"
        + $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};"
        + $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};"
        + $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>The temporary data directory when <see cref="AzuriteOptions.PersistToDisk"/> is set.</summary>
    public string? Location => _location;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The node process started last, to check it is gone after a stop.</summary>
    public int? ProcessId => _process?.Id;

    public BlobServiceClient CreateBlobServiceClient(BlobClientOptions? clientOptions = null) =>
        new(ConnectionString, clientOptions);

    public TableServiceClient CreateTableServiceClient(TableClientOptions? clientOptions = null) =>
        new(ConnectionString, clientOptions);

    /// <summary>
    /// Starts Azurite and waits until it answers: on new free ports the first time, on the same ports afterwards.
    /// Does nothing when it is already running.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (IsRunning)
            {
                return;
            }

            await DisposeProcessAsync();
            _location ??= _options.PersistToDisk || _options.BlobMetadataDatabase is not null ? CreateTemporaryDirectory() : null;
            (_process, _ports) = _ports is { } ports
                ? (await StartOnSamePortsAsync(ports, cancellationToken), ports)
                : await StartOnFreePortsAsync(cancellationToken);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Stops Azurite, keeping its ports for the next <see cref="StartAsync"/>. In-memory data is lost; with
    /// <see cref="AzuriteOptions.PersistToDisk"/> Azurite is asked to shut down cleanly first so its data survives.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (_process is { } process)
            {
                await process.StopAsync(graceful: _location is not null);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Kills Azurite with its process tree and deletes the temporary data directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await DisposeProcessAsync();
            DeleteTemporaryDirectory();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private Ports StartedPorts =>
        _ports ?? throw new InvalidOperationException("Azurite has not been started: call StartAsync first.");

    private async Task<(AzuriteProcess, Ports)> StartOnFreePortsAsync(CancellationToken cancellationToken)
    {
        // Ports tried already are not tried again: the OS may offer a port again once the process that failed on it is gone.
        var tried = new HashSet<int>();
        for (var attempt = 1; ; attempt++)
        {
            var picked = PickUntried(tried);
            var ports = new Ports(picked[0], picked[1], picked[2]);
            try
            {
                return (await StartProcessAsync(ports, cancellationToken), ports);
            }
            catch (AzuriteStartException e) when (e.PortInUse && attempt < PortPickAttempts)
            {
                // Another process took a port between picking and binding: pick again.
            }
        }
    }

    /// <summary>Three free ports, none of them in <paramref name="tried"/> (as far as a few picks can tell), then counted as tried.</summary>
    private static int[] PickUntried(HashSet<int> tried)
    {
        var picked = FreeTcpPorts.Pick(3);
        for (var pick = 1; pick < 20 && picked.Any(tried.Contains); pick++)
        {
            picked = FreeTcpPorts.Pick(3);
        }

        tried.UnionWith(picked);
        return picked;
    }

    private async Task<AzuriteProcess> StartOnSamePortsAsync(Ports ports, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartProcessAsync(ports, cancellationToken);
            }
            catch (AzuriteStartException e) when (e.PortInUse && attempt < SamePortAttempts)
            {
                // The previous process's sockets may take a moment to be released.
                await Task.Delay(SamePortRetryDelay, cancellationToken);
            }
        }
    }

    private Task<AzuriteProcess> StartProcessAsync(Ports ports, CancellationToken cancellationToken)
    {
        var command = AzuriteCommand.Create(_options.RepositoryRoot, ports.Blob, ports.Queue, ports.Table, _location)
            with { MaxHeapMegabytes = _options.MaxHeapMegabytes, BlobMetadataDatabase = _options.BlobMetadataDatabase };
        return AzuriteProcess.StartAsync(command, _options.StartupTimeout, cancellationToken);
    }

    private async Task DisposeProcessAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.DisposeAsync();
        }
    }

    private static string CreateTemporaryDirectory() =>
        Directory.CreateTempSubdirectory("azurite-").FullName;

    private void DeleteTemporaryDirectory()
    {
        if (_location is not null && Directory.Exists(_location))
        {
            Directory.Delete(_location, recursive: true);
        }
    }

    private readonly record struct Ports(int Blob, int Queue, int Table);
}
