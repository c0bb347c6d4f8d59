import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min, MinLength } from 'class-validator';
import { DEVICE_ADMIN_STATUSES, DeviceAdminStatus } from '@zagel/contracts';

export class RegisterDeviceBody {
  @ApiProperty({ example: '+201001234567', description: 'The SIM’s number in E.164 form; must be a mobile number.' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  phoneNumber: string;

  @ApiProperty({ example: 'Old Samsung in the kitchen' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  label: string;
}

export class UpdateDeviceBody {
  @ApiPropertyOptional({ example: 5, minimum: 0, maximum: 10_000, description: 'SMS per UTC day.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  dailyQuota?: number;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  paused?: boolean;

  @ApiPropertyOptional({ example: 'Spare phone' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  label?: string;
}

export class AdminUpdateDeviceBody {
  @ApiPropertyOptional({ example: false, description: 'false releases a quarantined phone (its health record starts again).' })
  @IsOptional()
  @IsBoolean()
  quarantined?: boolean;
}

export class DevicePageQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ example: 50, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class AdminDeviceQuery extends DevicePageQuery {
  @ApiPropertyOptional({ example: 'EG' })
  @IsOptional()
  @IsString()
  @Length(2, 2)
  country?: string;

  @ApiPropertyOptional({ example: 'vodafone' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  carrier?: string;

  @ApiPropertyOptional({ enum: DEVICE_ADMIN_STATUSES })
  @IsOptional()
  @IsIn(DEVICE_ADMIN_STATUSES)
  status?: DeviceAdminStatus;
}

export class AdminPoolQuery {
  @ApiPropertyOptional({ example: 'EG' })
  @IsOptional()
  @IsString()
  @Length(2, 2)
  country?: string;
}

export class RegisteredDeviceResponse {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Shown once: the phone app connects with it.' }) deviceToken: string;
  @ApiProperty({ example: '+201001234567' }) phoneNumber: string;
  @ApiProperty({ example: 'EG' }) country: string;
  @ApiPropertyOptional({ example: 'vodafone', nullable: true }) carrier: string | null;
}

export class DeviceResponse {
  @ApiProperty() id: string;
  @ApiProperty() ownerId: string;
  @ApiProperty({ example: '+201001234567' }) phoneNumber: string;
  @ApiProperty() label: string;
  @ApiProperty({ example: 'EG' }) country: string;
  @ApiPropertyOptional({ example: 'vodafone', nullable: true }) carrier: string | null;
  @ApiPropertyOptional({ example: '602', nullable: true }) simMcc: string | null;
  @ApiPropertyOptional({ example: '02', nullable: true }) simMnc: string | null;
  @ApiProperty() online: boolean;
  @ApiProperty() paused: boolean;
  @ApiProperty() quarantined: boolean;
  @ApiProperty({ example: 5 }) dailyQuota: number;
  @ApiProperty({ example: 2 }) sentToday: number;
  @ApiProperty({ example: 3 }) quotaLeft: number;
  @ApiPropertyOptional({ example: 0.97, nullable: true }) successRate: number | null;
  @ApiProperty({ example: 0.98 }) healthScore: number;
  @ApiPropertyOptional({ nullable: true }) coolingDownUntil: string | null;
  @ApiPropertyOptional({ nullable: true }) lastSeenAt: string | null;
  @ApiProperty() createdAt: string;
}

export class OwnedDeviceResponse extends DeviceResponse {
  @ApiPropertyOptional({ example: 12, nullable: true, description: 'Reward tokens this phone earned; null when billing did not answer in time.' })
  earnings: number | null;
}

export class OwnedDevicePageResponse {
  @ApiProperty({ type: [OwnedDeviceResponse] }) items: OwnedDeviceResponse[];
  @ApiPropertyOptional() nextCursor?: string;
}

export class DevicePageResponse {
  @ApiProperty({ type: [DeviceResponse] }) items: DeviceResponse[];
  @ApiPropertyOptional() nextCursor?: string;
}

export class PoolResponse {
  @ApiProperty({ example: 'EG' }) country: string;
  @ApiPropertyOptional({ example: 'vodafone', nullable: true, description: 'null for the country pool' }) carrier: string | null;
  @ApiProperty() onlinePhones: number;
  @ApiProperty() availablePhones: number;
  @ApiProperty() quotaLeftToday: number;
  @ApiProperty() inFlightLeases: number;
  @ApiProperty() quarantinedPhones: number;
}

export class PoolListResponse {
  @ApiProperty({ type: [PoolResponse] }) items: PoolResponse[];
}
