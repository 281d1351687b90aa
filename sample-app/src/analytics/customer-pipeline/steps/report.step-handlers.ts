import { StepHandler, type StepContext, type StepHandlerContract } from '../../../../../lib';
import { Dashboard } from '../dashboard';
import { insightsFrom } from '../pipeline-math';
import type { CustomerMetrics, Insights, PipelineContext, ProductMetrics } from '../pipeline-context';

@StepHandler('analytics.generate_insights')
export class GenerateInsightsStep implements StepHandlerContract<PipelineContext, Insights> {
  process(ctx: StepContext<PipelineContext>): Insights {
    const { period, customerCount } = ctx.task.context;
    return insightsFrom(
      period,
      customerCount,
      ctx.result<CustomerMetrics>('transform_customer_metrics'),
      ctx.result<ProductMetrics>('transform_product_metrics'),
    );
  }
}

@StepHandler('analytics.update_dashboard')
export class UpdateDashboardStep implements StepHandlerContract<PipelineContext> {
  constructor(private readonly dashboard: Dashboard) {}

  process(ctx: StepContext<PipelineContext>): { period: string; version: number } {
    const insights = ctx.result<Insights>('generate_insights');
    return { period: insights.period, version: this.dashboard.publish(insights) };
  }
}

/** Tells the analysts: a custom event (a Slack or e-mail subscriber would forward it). */
@StepHandler('analytics.send_notification')
export class SendNotificationStep implements StepHandlerContract<PipelineContext> {
  process(ctx: StepContext<PipelineContext>): { message: string } {
    const { headlines } = ctx.result<Insights>('generate_insights');
    const message = `Customer analytics ${ctx.task.context.period}: ${headlines.join('; ')}`;
    ctx.publish('analytics.report_ready', { period: ctx.task.context.period, message });
    return { message };
  }
}
