using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Telemetry;

namespace Ocap.Workflow.DependencyInjection;

/// <summary>
/// The opt-in background job runner: runs due jobs, then sleeps until the next one is due (at most the poll
/// interval, so jobs scheduled by other nodes are noticed). A failed round is logged and retried after the interval;
/// stopping the host cancels the current round between jobs.
/// </summary>
internal sealed class WorkflowJobRunner(
    WorkflowEngine engine, IOptions<WorkflowEngineOptions> options, TimeProvider time, ILogger<WorkflowJobRunner>? logger = null) : BackgroundService
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = options.Value.JobPollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = poll;
            try
            {
                await engine.RunDueJobsAsync(stoppingToken).ConfigureAwait(false);
                if (await engine.GetNextDueTimeAsync(stoppingToken).ConfigureAwait(false) is { } next)
                {
                    var untilNext = next - time.GetUtcNow();
                    delay = untilNext < TimeSpan.Zero ? TimeSpan.Zero : untilNext < poll ? untilNext : poll;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                WorkflowLog.JobRunnerFailed(_logger, e);
            }

            try
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
