import { Module } from '@nestjs/common';
import { NewCustomerTask } from './new-customer.task-handler';
import { OnboardingServices } from './services/onboarding-services';
import { CreateAccountStep } from './steps/create-account.step-handler';
import { ProvisionMailboxStep } from './steps/provision-mailbox.step-handler';
import { SendWelcomeStep } from './steps/send-welcome.step-handler';
import { ServiceCallStep } from './steps/service-call.step-handler';

/**
 * The `onboarding/new_customer` workflow, the services it calls, and `onboarding.service_call`
 * (the HTTP step the YAML `accounts/offboard_user` template uses). Needs SampleConfigModule.
 */
@Module({
  providers: [
    OnboardingServices,
    ServiceCallStep,
    CreateAccountStep,
    ProvisionMailboxStep,
    SendWelcomeStep,
    NewCustomerTask,
  ],
  exports: [OnboardingServices],
})
export class OnboardingModule {}
