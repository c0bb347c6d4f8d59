import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ACCOUNT_TYPES, AccountType } from '@zagel/contracts';

export class RegisterBody {
  @ApiProperty({ example: 'layla@example.com' })
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple', description: 'At least 10 characters, not a common password.' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;

  @ApiProperty({ example: 'Layla Haddad' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'Acme Pharmacies', description: 'Customers: the organization to create (default: the name).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  organizationName?: string;

  @ApiProperty({ enum: ACCOUNT_TYPES, example: 'customer' })
  @IsIn(ACCOUNT_TYPES)
  accountType: AccountType;
}

export class LoginBody {
  @ApiProperty({ example: 'layla@example.com' })
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(256)
  password: string;

  @ApiPropertyOptional({ example: '0190a6f2-7c3e-7abc-8def-0123456789ab', description: 'Act for this organization (default: the oldest membership).' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class RefreshBody {
  @ApiProperty({ example: 'rt_3q2+7w...' })
  @IsString()
  @MaxLength(512)
  refreshToken: string;

  @ApiPropertyOptional({ example: '0190a6f2-7c3e-7abc-8def-0123456789ab', description: 'Switch to another of your organizations.' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class LogoutBody {
  @ApiProperty({ example: 'rt_3q2+7w...' })
  @IsString()
  @MaxLength(512)
  refreshToken: string;
}
