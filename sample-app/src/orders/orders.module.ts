import { Module } from '@nestjs/common';
import { FulfilOrderTask } from './fulfil-order.task-handler';
import { OrdersController } from './orders.controller';
import { ChargePaymentStep } from './steps/charge-payment.step-handler';
import { ReserveStockStep } from './steps/reserve-stock.step-handler';
import { ShipOrderStep } from './steps/ship-order.step-handler';
import { ValidateOrderStep } from './steps/validate-order.step-handler';

@Module({
  controllers: [OrdersController],
  providers: [ValidateOrderStep, ReserveStockStep, ChargePaymentStep, ShipOrderStep, FulfilOrderTask],
})
export class OrdersModule {}
