import { HttpStepHandler, StepHandler, type HttpStepRequest, type StepContext } from '../../../../lib';
import { OnboardingServices } from '../services/onboarding-services';

/**
 * An HTTP call to one of the onboarding services: the step's `config.path` on their base URL
 * (`method`, `headers`, `timeoutMs` as in any HTTP step). For a method with a body, the body is the
 * task context unless `config.body` is set; subclasses build their own from earlier results.
 * Registered as `onboarding.service_call`, so YAML templates can name it.
 */
@StepHandler('onboarding.service_call')
export class ServiceCallStep<C = Record<string, unknown>> extends HttpStepHandler<C> {
  constructor(private readonly services: OnboardingServices) {
    super();
  }

  protected override async request(ctx: StepContext<C>): Promise<HttpStepRequest> {
    const request = await super.request(ctx);
    const { path, ...rest } = request as HttpStepRequest & { path?: unknown };
    return { ...rest, url: `${this.services.baseUrl}${typeof path === 'string' ? path : '/'}` };
  }

  protected override body(ctx: StepContext<C>): unknown {
    const { method } = ctx.step.config;
    if (typeof method !== 'string' || ['GET', 'HEAD'].includes(method.toUpperCase())) return undefined;
    return ctx.step.config.body ?? ctx.task.context;
  }
}
