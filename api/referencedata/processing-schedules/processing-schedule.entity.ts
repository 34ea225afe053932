/** A processing schedule (monthly, quarterly): the calendar on which facilities are replenished. */
import { Entity } from 'typeorm';
import { CodedEntityColumns } from '../shared/coded-entity.entity.js';

@Entity({ name: 'processing_schedules' })
export class ProcessingSchedule extends CodedEntityColumns {}
