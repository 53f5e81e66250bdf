using Ingestion.Baseline;

// Usage: see BaselineOptions.Usage. Prints one JSON line (BaselineResult) on success; a message on standard error and
// exit code 2 for a bad command line, 1 for a failed run.
BaselineOptions options;
try
{
    options = BaselineOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BaselineOptions.Usage);
    return 2;
}

using var cancellation = new CancellationTokenSource(options.Timeout);
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
try
{
    // The benchmark reads the storage emulator's CPU time when this line comes, and again at the end.
    var result = await new BaselineLoop(options).RunAsync(() => Console.WriteLine(BaselineLoop.MeasuringLine), cancellation.Token);
    Console.WriteLine(result.ToJsonLine());
    return 0;
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    Console.Error.WriteLine($"The baseline run failed: {e}");
    return 1;
}
