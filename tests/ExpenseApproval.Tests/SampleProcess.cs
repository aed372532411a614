using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ExpenseApproval.Tests;

/// <summary>
/// The built sample, started as a real process exactly as a user runs it (<c>dotnet ExpenseApproval.dll --urls ...</c>)
/// on a free loopback port, with its SQLite file in a folder of the test's own. Disposing stops it.
/// </summary>
internal sealed class SampleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SampleProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Where the build put the sample: it is a project reference, so it is copied next to this assembly.</summary>
    public static string SampleAssembly
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "ExpenseApproval.dll");
            var config = Path.ChangeExtension(path, ".runtimeconfig.json");
            return File.Exists(path) && File.Exists(config)
                ? path
                : throw new FileNotFoundException($"The built sample (ExpenseApproval.dll with its runtimeconfig.json) is not in {AppContext.BaseDirectory}; the test project references it so that the build copies it there.");
        }
    }

    public static async Task<SampleProcess> StartAsync(string dataPath, CancellationToken cancellationToken)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in new[] { SampleAssembly, "--urls", baseAddress.ToString().TrimEnd('/'), $"--ExpenseApproval:DataPath={dataPath}" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        var sample = new SampleProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => sample.Append(e.Data);
        process.ErrorDataReceived += (_, e) => sample.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await sample.WaitForHealthAsync(cancellationToken);
            return sample;
        }
        catch
        {
            await sample.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }

    private async Task WaitForHealthAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The sample exited with code {_process.ExitCode} before it was healthy:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"The sample did not answer /health within 60 s:\n{Output}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
