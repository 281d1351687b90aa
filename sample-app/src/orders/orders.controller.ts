import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { TaskerService, type TaskExplanation, type TaskView } from '../../../lib';
import type { OrderContext } from './order-context';

/** A thin app endpoint over TaskerService (Tasker's own REST API comes with its HTTP module). */
@Controller('orders')
export class OrdersController {
  constructor(private readonly tasker: TaskerService) {}

  @Post()
  place(@Body() order: OrderContext): Promise<TaskView> {
    return this.tasker.createTask({
      namespace: 'orders',
      name: 'fulfil_order',
      context: order,
      initiator: 'sample-app',
    });
  }

  @Get(':id')
  show(@Param('id') id: string): Promise<TaskView> {
    return this.tasker.getTask(id);
  }

  @Get(':id/explain')
  explain(@Param('id') id: string): Promise<TaskExplanation> {
    return this.tasker.explainTask(id);
  }
}
