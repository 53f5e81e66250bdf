using System.ComponentModel;
using System.Diagnostics;

namespace Ingestion.Testing;

/// <summary>One running <c>node azurite.js</c> child process, started and checked until it answers.</summary>
internal sealed class AzuriteProcess : IAsyncDisposable
{
    private const string ListeningMessage = "Azurite Table service is successfully listening"; // printed last
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    // No pooling: a pooled connection to a killed Azurite would fail the first probe after a restart.
    private static readonly HttpClient Probe = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero });

    private readonly Process _process;
    private readonly string _commandLine;
    private readonly OutputTail _stdout = new();
    private readonly OutputTail _stderr = new();

    private AzuriteProcess(Process process, string commandLine)
    {
        _process = process;
        _commandLine = commandLine;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts Azurite and returns once its blob, queue and table endpoints answer HTTP.</summary>
    public static async Task<AzuriteProcess> StartAsync(
        AzuriteCommand command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = command.ToStartInfo();
        var commandLine = $"{startInfo.FileName} {string.Join(' ', startInfo.ArgumentList)}";
        var process = new Process { StartInfo = startInfo };
        var azurite = new AzuriteProcess(process, commandLine);
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) { azurite._stdout.Add(line); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { azurite._stderr.Add(line); } };

        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new AzuriteStartException(
                $"Could not run '{startInfo.FileName}' ({e.Message}): Node.js 20 or later must be on PATH.", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await azurite.WaitUntilReadyAsync(command, timeout, cancellationToken);
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stops Azurite. A graceful stop closes stdin, which the watchdog turns into Azurite's own SIGTERM shutdown
    /// (so on-disk metadata is saved); whatever is still running afterwards is killed with its process tree.
    /// </summary>
    public async Task StopAsync(bool graceful)
    {
        if (graceful && !_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Already gone.
            }

            await WaitForExitAsync(GracefulStopTimeout);
        }

        Kill();
        await WaitForExitAsync(ExitTimeout);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(graceful: false);
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(AzuriteCommand command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    // Lets the output readers drain, so the error message has all of it.
                    await WaitForExitAsync(ExitTimeout);
                    throw Failure($"Azurite exited with code {_process.ExitCode} while starting.");
                }

                if (_stdout.Contains(ListeningMessage)
                    && await AnswersAsync(command.BlobPort, deadline.Token)
                    && await AnswersAsync(command.QueuePort, deadline.Token)
                    && await AnswersAsync(command.TablePort, deadline.Token))
                {
                    return;
                }

                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure($"Azurite did not answer within {timeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>Any HTTP response, even 400 or 403, means the endpoint is up.</summary>
    private static async Task<bool> AnswersAsync(int port, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(ProbeTimeout);
        try
        {
            using var response = await Probe.GetAsync(
                $"http://127.0.0.1:{port}/{AzuriteInstance.AccountName}?comp=list", attempt.Token);
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private AzuriteStartException Failure(string reason) => new(
        $"""
        {reason}
        Command: {_commandLine}
        stderr:
        {_stderr}
        stdout:
        {_stdout}
        """)
    {
        PortInUse = _stderr.Contains("EADDRINUSE"),
    };

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // The caller kills it or reports it.
        }
    }
}
