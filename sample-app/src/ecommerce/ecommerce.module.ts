import { Module } from '@nestjs/common';
import { Inventory } from './order/inventory';
import { OrdersController } from './order/orders.controller';
import { PaymentGateway } from './order/payment-gateway';
import { ProcessOrderTask } from './order/process-order.task-handler';
import { CreateOrderStep } from './order/steps/create-order.step-handler';
import { ProcessPaymentStep } from './order/steps/process-payment.step-handler';
import { SendConfirmationStep } from './order/steps/send-confirmation.step-handler';
import { UpdateInventoryStep } from './order/steps/update-inventory.step-handler';
import { ValidateCartStep } from './order/steps/validate-cart.step-handler';

/** The shop: the `ecommerce/process_order` workflow and `POST /orders`. */
@Module({
  controllers: [OrdersController],
  providers: [
    PaymentGateway,
    Inventory,
    ValidateCartStep,
    ProcessPaymentStep,
    UpdateInventoryStep,
    CreateOrderStep,
    SendConfirmationStep,
    ProcessOrderTask,
  ],
})
export class EcommerceModule {}
