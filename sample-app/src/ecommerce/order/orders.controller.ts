import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { TaskerService, type TaskView } from '../../../../lib';
import type { OrderContext } from './order-context';

/** The shop's own endpoint: an order becomes an `ecommerce/process_order` task (validated by its schema). */
@Controller('orders')
export class OrdersController {
  constructor(private readonly tasker: TaskerService) {}

  @Post()
  place(@Body() order: OrderContext): Promise<TaskView> {
    return this.tasker.createTask({ namespace: 'ecommerce', name: 'process_order', context: order, initiator: 'shop' });
  }

  @Get(':id')
  show(@Param('id') id: string): Promise<TaskView> {
    return this.tasker.getTask(id);
  }
}
